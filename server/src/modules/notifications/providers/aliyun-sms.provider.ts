import crypto from 'node:crypto';
import type { NotificationRow } from '../notification.model.js';
import type { NotificationProvider } from './provider.js';
import { signedQuery } from './aliyun-rpc-signature.js';

const TIMEOUT_MS = 10_000;
/** Aliyun caps a template variable at 35 characters. */
const MAX_PARAM_CHARS = 35;

export interface AliyunSmsConfig {
  endpoint: string;
  accessKeyId: string;
  accessKeySecret: string;
  signName: string;
  /** Template code per notification kind; `default` serves kinds without their own. */
  templates: Record<string, string>;
}

const clip = (s: string | null | undefined) => (s ?? '').slice(0, MAX_PARAM_CHARS);

/**
 * SMS through Alibaba Cloud's Dysmsapi `SendSms` (2017-05-25). SMS in mainland China only goes out
 * on pre-approved templates, so each notification kind maps to a template code and the message is
 * sent as the template variables `{no, title}` (ticket number and the notification's title). `OutId`
 * carries the outbox row id, so the vendor's delivery reports can be matched. Any answer but
 * `Code: "OK"` (or no answer within 10 s) throws — the dispatcher retries with back-off.
 */
export function aliyunSmsProvider(config: AliyunSmsConfig, now: () => Date = () => new Date()): NotificationProvider {
  return {
    name: 'aliyun',
    send: async (row: NotificationRow) => {
      if (!row.address) throw new Error('no mobile number');
      const template = config.templates[row.kind] ?? config.templates.default;
      if (!template) throw new Error(`no Aliyun SMS template for kind ${row.kind}`);
      const params: Record<string, string> = {
        AccessKeyId: config.accessKeyId,
        Action: 'SendSms',
        Format: 'JSON',
        OutId: String(row.id),
        PhoneNumbers: row.address,
        RegionId: 'cn-hangzhou',
        SignName: config.signName,
        SignatureMethod: 'HMAC-SHA1',
        SignatureNonce: crypto.randomUUID(),
        SignatureVersion: '1.0',
        TemplateCode: template,
        TemplateParam: JSON.stringify({ no: clip(row.ticket_no), title: clip(row.title) }),
        Timestamp: now()
          .toISOString()
          .replace(/\.\d{3}Z$/, 'Z'),
        Version: '2017-05-25',
      };
      const res = await fetch(`${config.endpoint.replace(/\/$/, '')}/?${signedQuery(params, config.accessKeySecret)}`, {
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      const text = await res.text();
      let answer: { Code?: string; Message?: string } = {};
      try {
        answer = JSON.parse(text) as typeof answer;
      } catch {
        // not JSON: reported below with the status
      }
      if (!res.ok || answer.Code !== 'OK') {
        throw new Error(`Aliyun SMS answered ${res.status} ${answer.Code ?? ''} ${answer.Message ?? text.slice(0, 200)}`.trim());
      }
    },
  };
}
