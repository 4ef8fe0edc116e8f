import { z } from 'zod';
import type { $ZodRawIssue } from 'zod/v4/core';

/**
 * Validation messages a clerk understands, in Simplified Chinese, for every consumer (server,
 * console, mobile). zod's zh-CN locale stays underneath for the rare cases handled here by nothing
 * better; the common ones (empty, too long, wrong type, wrong format, unknown option) are phrased
 * here — "不能为空" rather than "数值过小：期望 string >=1 字符".
 */

type Issue = $ZodRawIssue;

const TYPE_NAMES: Record<string, string> = {
  string: '文本',
  number: '数字',
  int: '整数',
  boolean: '是或否（true / false）',
  array: '列表',
  object: '对象',
  date: '日期',
  bigint: '整数',
};

const FORMAT_NAMES: Record<string, string> = {
  datetime: '日期时间格式不正确，应为带时区的 ISO 时间，例如 2026-09-30T09:00:00+08:00',
  date: '日期格式不正确，应为 YYYY-MM-DD，例如 2026-09-30',
  time: '时间格式不正确，应为 HH:mm，例如 09:30',
  email: '电子邮箱格式不正确',
  url: '网址格式不正确',
  uuid: '编号格式不正确',
  regex: '格式不正确',
};

const list = (values: readonly unknown[]) => values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join('、');

function tooSmall(issue: Extract<Issue, { code: 'too_small' }>): string | undefined {
  const min = Number(issue.minimum);
  switch (issue.origin) {
    case 'string':
      return min <= 1 ? '不能为空' : `至少 ${min} 个字符`;
    case 'array':
    case 'set':
      return min <= 1 ? '至少选择 1 项' : `至少 ${min} 项`;
    case 'number':
    case 'int':
    case 'bigint':
      return issue.inclusive ? `不能小于 ${min}` : `必须大于 ${min}`;
    case 'date':
      return `不能早于 ${new Date(min).toISOString()}`;
    default:
      return undefined;
  }
}

function tooBig(issue: Extract<Issue, { code: 'too_big' }>): string | undefined {
  const max = Number(issue.maximum);
  switch (issue.origin) {
    case 'string':
      return `不能超过 ${max} 个字符`;
    case 'array':
    case 'set':
      return `最多 ${max} 项`;
    case 'number':
    case 'int':
    case 'bigint':
      return issue.inclusive ? `不能大于 ${max}` : `必须小于 ${max}`;
    case 'file':
      return `文件不能超过 ${max} 字节`;
    default:
      return undefined;
  }
}

/** The message for an issue, or undefined to let the zh-CN locale speak. */
export function friendlyMessage(issue: Issue): string | undefined {
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined) return '必填';
      const name = TYPE_NAMES[issue.expected];
      return name ? `应为${name}` : undefined;
    }
    case 'too_small':
      return tooSmall(issue);
    case 'too_big':
      return tooBig(issue);
    case 'invalid_format':
      return FORMAT_NAMES[issue.format];
    case 'invalid_value':
      return issue.values.length === 1 ? `只能为 ${list(issue.values)}` : `须为以下之一：${list(issue.values)}`;
    case 'unrecognized_keys':
      return `不支持的字段：${issue.keys.join('、')}`;
    case 'not_multiple_of':
      return `必须是 ${String(issue.divisor)} 的整数倍`;
    default:
      return undefined;
  }
}

/** Install the messages (zh-CN locale underneath). Called once by the package entry. */
export function configureZodMessages(): void {
  z.config(z.locales.zhCN());
  z.config({ customError: friendlyMessage });
}
