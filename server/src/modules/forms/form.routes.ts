import {
  formDetail,
  formList,
  formListQuery,
  formParams,
  formRollbackBody,
  formSaveBody,
  formSaveResult,
  formVersionDetail,
  formVersionList,
  formVersionParams,
} from '@warmline/contracts';
import { defineRoute } from '../../core/route-table.js';
import { getForm, getFormVersion, listForms, listFormVersions, rollbackForm, saveForm } from './form.service.js';

/**
 * Task and intake forms (form-js schemas, group database; docs/decisions/0012). Reading is open to
 * every signed-in user holding one of FORM_READERS (checked in the service: the route table names
 * one code only); a subsidiary's users see the group's forms and their own.
 */
export const formRoutes = [
  defineRoute({
    id: 'forms.list',
    method: 'get',
    path: '/forms',
    summary: '表单列表（集团表单与本单位表单）',
    tag: 'forms',
    access: 'authenticated',
    query: formListQuery,
    response: formList,
    handler: ({ services, user, query }) => listForms(services, user, query),
  }),
  defineRoute({
    id: 'forms.get',
    method: 'get',
    path: '/forms/:formId',
    summary: '表单的当前定义',
    tag: 'forms',
    access: 'authenticated',
    params: formParams,
    response: formDetail,
    handler: ({ services, user, params }) => getForm(services, user, params.formId),
  }),
  defineRoute({
    id: 'forms.save',
    method: 'put',
    path: '/forms/:formId',
    summary: '保存表单（新建或生成新版本，立即生效）',
    tag: 'forms',
    access: 'form:manage',
    params: formParams,
    body: formSaveBody,
    response: formSaveResult,
    txDatabase: 'group',
    handler: ({ services, user, params, body, tx, audit }) => saveForm(services, params.formId, body, { user, tx: tx!, audit }),
  }),
  defineRoute({
    id: 'forms.versions.list',
    method: 'get',
    path: '/forms/:formId/versions',
    summary: '表单的历史版本（新的在前）',
    tag: 'forms',
    access: 'authenticated',
    params: formParams,
    response: formVersionList,
    handler: ({ services, user, params }) => listFormVersions(services, user, params.formId),
  }),
  defineRoute({
    id: 'forms.versions.get',
    method: 'get',
    path: '/forms/:formId/versions/:version',
    summary: '表单的某个历史版本',
    tag: 'forms',
    access: 'authenticated',
    params: formVersionParams,
    response: formVersionDetail,
    handler: ({ services, user, params }) => getFormVersion(services, user, params.formId, params.version),
  }),
  defineRoute({
    id: 'forms.rollback',
    method: 'post',
    path: '/forms/:formId/rollback',
    summary: '回滚表单到某个历史版本（复制为新版本）',
    tag: 'forms',
    access: 'form:manage',
    params: formParams,
    body: formRollbackBody,
    response: formSaveResult,
    txDatabase: 'group',
    handler: ({ services, user, params, body, tx, audit }) => rollbackForm(services, params.formId, body, { user, tx: tx!, audit }),
  }),
];
