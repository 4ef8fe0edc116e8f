import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import '../index.js';

const messages = (schema: z.ZodType, input: unknown) => {
  const r = schema.safeParse(input);
  assert.equal(r.success, false, 'the input must be refused');
  return Object.fromEntries(r.error!.issues.map((i) => [i.path.join('.') || '(root)', i.message]));
};

test('given the contracts loaded, when common rules break, then each field gets a plain Chinese message', () => {
  const schema = z.strictObject({
    name: z.string().trim().min(1).max(10),
    code: z.string().min(3),
    age: z.number().int().min(0).max(150),
    share: z.number().gt(0),
    tags: z.array(z.string()).min(1).max(2),
    kind: z.enum(['station', 'team']),
    on: z.literal(true),
    at: z.iso.datetime({ offset: true }),
    mail: z.email(),
    must: z.string(),
  });
  assert.deepEqual(
    messages(schema, {
      name: '   ',
      code: 'ab',
      age: 200,
      share: 0,
      tags: ['a', 'b', 'c'],
      kind: 'grid',
      on: false,
      at: '2026-09-30',
      mail: 'nope',
      extra: 1,
    }),
    {
      name: '不能为空',
      code: '至少 3 个字符',
      age: '不能大于 150',
      share: '必须大于 0',
      tags: '最多 2 项',
      kind: '须为以下之一：station、team',
      on: '只能为 true',
      at: '日期时间格式不正确，应为带时区的 ISO 时间，例如 2026-09-30T09:00:00+08:00',
      mail: '电子邮箱格式不正确',
      must: '必填',
      '(root)': '不支持的字段：extra',
    },
  );
  assert.deepEqual(
    messages(z.object({ n: z.number(), s: z.string().max(3), l: z.array(z.number()).min(1) }), { n: 'x', s: 'abcd', l: [] }),
    {
      n: '应为数字',
      s: '不能超过 3 个字符',
      l: '至少选择 1 项',
    },
  );
});

test("given a schema's own message, then it wins over the shared wording", () => {
  assert.deepEqual(messages(z.object({ phone: z.string().min(5, '电话号码格式不正确') }), { phone: '1' }), { phone: '电话号码格式不正确' });
});
