import { z } from 'zod';
import {
  slaPreview,
  slaPreviewBody,
  slaRule,
  slaRuleCreateBody,
  slaRuleDeleteBody,
  slaRuleParams,
  slaRuleUpdateBody,
} from '@warmline/contracts';
import { defineRoute } from '../../core/route-table.js';
import { createSlaRule, deleteSlaRule, listSlaRules, previewSla, updateSlaRule } from './sla-rule.service.js';

/** SLA rules (时限规则): budget per ticket type × urgency × source; the most specific enabled rule wins. */
export const slaRuleRoutes = [
  defineRoute({
    id: 'sla-rules.list',
    method: 'get',
    path: '/sla-rules',
    summary: '时限规则列表（最具体的在前）',
    tag: 'sla',
    access: 'sla:read',
    response: z.array(slaRule),
    handler: ({ services }) => listSlaRules(services),
  }),
  defineRoute({
    id: 'sla-rules.create',
    method: 'post',
    path: '/sla-rules',
    summary: '新增时限规则',
    tag: 'sla',
    access: 'sla:manage',
    body: slaRuleCreateBody,
    response: slaRule,
    status: 201,
    handler: ({ services, body, tx, audit }) => createSlaRule(services, body, tx!, audit),
  }),
  defineRoute({
    id: 'sla-rules.update',
    method: 'patch',
    path: '/sla-rules/:id',
    summary: '修改时限规则（运行中的工单仍按开始计时时的规则）',
    tag: 'sla',
    access: 'sla:manage',
    params: slaRuleParams,
    body: slaRuleUpdateBody,
    response: slaRule,
    handler: ({ services, params, body, tx, audit }) => updateSlaRule(services, params.id, body, tx!, audit),
  }),
  defineRoute({
    id: 'sla-rules.delete',
    method: 'delete',
    path: '/sla-rules/:id',
    summary: '删除时限规则',
    tag: 'sla',
    access: 'sla:manage',
    params: slaRuleParams,
    body: slaRuleDeleteBody,
    handler: async ({ services, params, body, tx, audit }) => {
      await deleteSlaRule(services, params.id, tx!, audit, body.reason);
      return undefined;
    },
  }),
  defineRoute({
    id: 'sla-rules.preview',
    method: 'post',
    path: '/sla-rules/preview',
    summary: '试算：给定工单类型、紧急程度、来源和开始时间，返回适用规则与截止时间',
    tag: 'sla',
    access: 'sla:read',
    body: slaPreviewBody,
    response: slaPreview,
    // A read-only computation (POST only to carry a body): it changes nothing, so there is nothing to audit.
    audit: 'self-audited',
    handler: ({ services, body }) => previewSla(services, body, services.sla.now()),
  }),
];
