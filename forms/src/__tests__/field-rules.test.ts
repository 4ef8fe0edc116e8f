import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { validateSubmission, type FormComponent, type FormSchema, type ValidationResult } from '../index.js';

const form = (...components: FormComponent[]): FormSchema => ({ type: 'default', id: 'rules', schemaVersion: 19, components });
const field = (type: string, extra: Partial<FormComponent> = {}): FormComponent => ({ type, key: 'f', label: '字段甲', ...extra });

const errorsOf = (r: ValidationResult) => (r.ok ? [] : r.errors);
const valuesOf = (r: ValidationResult) => {
  assert.ok(r.ok, `expected ok, got ${JSON.stringify(r)}`);
  return r.values;
};
/** One field, one value → the single message, or null when accepted. */
const messageFor = (c: FormComponent, value: unknown, context: Record<string, unknown> = {}) => {
  const r = validateSubmission(form(c), value === undefined ? {} : { f: value }, context);
  if (r.ok) return null;
  assert.equal(r.errors.length, 1, JSON.stringify(r.errors));
  assert.equal(r.errors[0].field, 'f');
  return r.errors[0].message;
};

describe('required', () => {
  const req = { validate: { required: true } };
  test('given a required text field, when missing, null, empty or blank, then 「label」为必填项', () => {
    for (const v of [undefined, null, '', '   ']) assert.equal(messageFor(field('textfield', req), v), '「字段甲」为必填项');
    assert.equal(messageFor(field('textfield', req), '有值'), null);
  });
  test('given a required checkbox, when false, then required (as form-js); when true, then accepted', () => {
    assert.equal(messageFor(field('checkbox', req), false), '「字段甲」为必填项');
    assert.equal(messageFor(field('checkbox', req), true), null);
  });
  test('given a required checklist, when empty, then required', () => {
    const c = field('checklist', { ...req, values: [{ label: '一', value: 'a' }] });
    assert.equal(messageFor(c, []), '「字段甲」为必填项');
    assert.equal(messageFor(c, ['a']), null);
  });
  test('given a required number, when 0, then accepted (0 is a value)', () => {
    assert.equal(messageFor(field('number', req), 0), null);
  });
  test('given an optional field, when missing, then accepted and absent from the values', () => {
    assert.deepEqual(valuesOf(validateSubmission(form(field('textfield')), {})), {});
  });
  test('given an optional field, when emptied (null or ""), then the empty value is kept', () => {
    assert.deepEqual(valuesOf(validateSubmission(form(field('textfield')), { f: '' })), { f: '' });
    assert.deepEqual(valuesOf(validateSubmission(form(field('number')), { f: null })), { f: null });
  });
  test('given a label that is a FEEL expression, when required fails, then the message names the key', () => {
    assert.equal(messageFor(field('textfield', { ...req, label: '=someVariable' }), ''), '「f」为必填项');
  });
});

describe('value types', () => {
  test('given text fields, when not a string, then 必须是文本', () => {
    for (const t of ['textfield', 'textarea']) {
      for (const v of [1, true, ['a'], { a: 1 }])
        assert.equal(messageFor(field(t), v), '「字段甲」必须是文本', `${t} ${JSON.stringify(v)}`);
    }
  });
  test('given a number field, when a string, boolean or object, then 必须是数字', () => {
    for (const v of ['12', true, [1], { n: 1 }]) assert.equal(messageFor(field('number'), v), '「字段甲」必须是数字');
    assert.equal(messageFor(field('number'), 12.5), null);
  });
  test('given a number field serialised to string, when a numeric string, then accepted as submitted', () => {
    const c = field('number', { serializeToString: true });
    assert.equal(messageFor(c, '12.5'), null);
    assert.equal(messageFor(c, '12abc'), '「字段甲」必须是数字');
  });
  test('given decimalDigits 0, when a fraction, then 必须是整数', () => {
    assert.equal(messageFor(field('number', { decimalDigits: 0 }), 3.5), '「字段甲」必须是整数');
    assert.equal(messageFor(field('number', { decimalDigits: 0 }), 3), null);
  });
  test('given decimalDigits 1, when two decimals, then 最多保留 1 位小数', () => {
    assert.equal(messageFor(field('number', { decimalDigits: 1 }), 21.25), '「字段甲」最多保留 1 位小数');
    assert.equal(messageFor(field('number', { decimalDigits: 1 }), 21.5), null);
    assert.equal(messageFor(field('number', { decimalDigits: 1 }), 1e-7), '「字段甲」最多保留 1 位小数');
  });
  test('given an increment, when off the step, then 必须是步长的整数倍', () => {
    assert.equal(messageFor(field('number', { increment: 0.5 }), 1.25), '「字段甲」必须是 0.5 的整数倍');
    assert.equal(messageFor(field('number', { increment: 0.5 }), 1.5), null);
  });
  test('given a checkbox, when not a boolean, then 只能是“是”或“否”', () => {
    for (const v of ['true', 1, 'yes']) assert.equal(messageFor(field('checkbox'), v), '「字段甲」只能是“是”或“否”');
    assert.deepEqual(valuesOf(validateSubmission(form(field('checkbox')), { f: false })), { f: false });
  });
  test('given radio and select with static values, when a value outside them, then 取值不在可选项中', () => {
    for (const t of ['radio', 'select']) {
      const c = field(t, {
        values: [
          { label: '一', value: 'a' },
          { label: '二', value: 2 },
        ],
      });
      assert.equal(messageFor(c, 'a'), null);
      assert.equal(messageFor(c, 2), null);
      for (const v of ['A', '2', 'b', ['a'], true])
        assert.equal(messageFor(c, v), '「字段甲」的取值不在可选项中', `${t} ${JSON.stringify(v)}`);
    }
  });
  test('given a select with valuesKey, when validated, then the options come from the process variables', () => {
    const c = field('select', { valuesKey: 'stations' });
    const context = { stations: [{ label: '南关站', value: 11 }, 12] };
    assert.equal(messageFor(c, 11, context), null);
    assert.equal(messageFor(c, 12, context), null);
    assert.equal(messageFor(c, 13, context), '「字段甲」的取值不在可选项中');
    assert.equal(messageFor(c, 11, {}), '「字段甲」的取值不在可选项中');
  });
  test('given a radio with valuesExpression, when validated, then FEEL over the variables decides the options', () => {
    const c = field('radio', { valuesExpression: '=if vip then ["a", "b"] else ["a"]' });
    assert.equal(messageFor(c, 'b', { vip: true }), null);
    assert.equal(messageFor(c, 'b', { vip: false }), '「字段甲」的取值不在可选项中');
  });
  test('given checklist and taglist, when not a list, with a foreign or repeated value, then refused', () => {
    for (const t of ['checklist', 'taglist']) {
      const c = field(t, {
        values: [
          { label: '一', value: 'a' },
          { label: '二', value: 'b' },
        ],
      });
      assert.equal(messageFor(c, ['a', 'b']), null);
      assert.equal(messageFor(c, 'a'), '「字段甲」必须是选项列表');
      assert.equal(messageFor(c, ['a', 'x']), '「字段甲」包含不在可选项中的值');
      assert.equal(messageFor(c, ['a', 'a']), '「字段甲」包含重复的选项');
    }
  });
  test('given datetime fields, when the text is not an ISO date, time or date-time of the subtype, then refused', () => {
    const date = field('datetime', { subtype: 'date' });
    assert.equal(messageFor(date, '2026-02-28'), null);
    for (const v of ['2026-02-30', '2026/02/28', '2026-02-28T10:00:00Z', 20260228]) assert.match(messageFor(date, v)!, /「字段甲」/);
    const time = field('datetime', { subtype: 'time' });
    assert.equal(messageFor(time, '08:30'), null);
    assert.equal(messageFor(time, '08:30+08:00'), null);
    assert.equal(messageFor(time, '24:00'), '「字段甲」不是有效的时间（格式 HH:mm）');
    const dt = field('datetime', { subtype: 'datetime' });
    assert.equal(messageFor(dt, '2026-03-01T08:30:00+08:00'), null);
    assert.equal(messageFor(dt, '2026-03-01T08:30Z'), null);
    for (const v of ['2026-02-30T08:30:00Z', '2026-03-01 08:30', 'tomorrow'])
      assert.equal(messageFor(dt, v), '「字段甲」不是有效的日期时间');
  });
});

describe('validate rules', () => {
  test('given minLength and maxLength, when too short or long (trimmed, counted in characters), then refused', () => {
    const c = field('textarea', { validate: { minLength: 2, maxLength: 5 } });
    assert.equal(messageFor(c, '好'), '「字段甲」至少需要 2 个字');
    assert.equal(messageFor(c, ' 好 '), '「字段甲」至少需要 2 个字');
    assert.equal(messageFor(c, '好好'), null);
    assert.equal(messageFor(c, '好好好好好'), null);
    assert.equal(messageFor(c, '好好好好好好'), '「字段甲」不能超过 5 个字');
  });
  test('given min and max, when outside, then refused; bounds included', () => {
    const c = field('number', { validate: { min: -10, max: 40 } });
    assert.equal(messageFor(c, -10), null);
    assert.equal(messageFor(c, 40), null);
    assert.equal(messageFor(c, -10.5), '「字段甲」不能小于 -10');
    assert.equal(messageFor(c, 41), '「字段甲」不能大于 40');
  });
  test('given a pattern, when not matched, then the custom message or 格式不正确', () => {
    assert.equal(messageFor(field('textfield', { validate: { pattern: '^\\d+$' } }), '12a'), '「字段甲」格式不正确');
    assert.equal(
      messageFor(field('textfield', { validate: { pattern: '^\\d+$', patternErrorMessage: '只能是数字' } }), 'x'),
      '「字段甲」只能是数字',
    );
    assert.equal(messageFor(field('textfield', { validate: { pattern: '^\\d+$' } }), '123'), null);
  });
  test('given validationType email, when not an address, then refused', () => {
    const c = field('textfield', { validate: { validationType: 'email' } });
    assert.equal(messageFor(c, 'kf@warmline.cn'), null);
    assert.equal(messageFor(c, 'kf@'), '「字段甲」不是有效的电子邮箱地址');
  });
  test('given validationType phone, when not a mobile, landline or international number, then refused', () => {
    const c = field('textfield', { validate: { validationType: 'phone' } });
    for (const ok of ['13812345678', '0431-88886666', '043188886666', '+8613812345678', '004930664040900'])
      assert.equal(messageFor(c, ok), null, ok);
    for (const bad of ['12345', '2381234567', 'phone', '+0']) assert.equal(messageFor(c, bad), '「字段甲」不是有效的电话号码', bad);
  });
  test('given rules written as FEEL expressions, when validated, then they are ignored and never evaluated', () => {
    const c = field('textfield', { validate: { minLength: '=limit', maxLength: '=limit', pattern: '=x', min: '=x' } as never });
    assert.equal(messageFor(c, 'anything at all', { limit: 1 }), null);
  });
  test('given rules on an empty optional value, when validated, then they do not apply', () => {
    assert.equal(messageFor(field('textfield', { validate: { minLength: 3, pattern: '^\\d+$' } }), ''), null);
  });
});

describe('form level', () => {
  test('given keys not in the form, when submitted, then each is refused with 表单中没有此字段', () => {
    const r = validateSubmission(form(field('textfield')), { f: 'a', other: 1, constructor: 'x' });
    assert.deepEqual(errorsOf(r), [
      { field: 'other', message: '表单中没有此字段' },
      { field: 'constructor', message: '表单中没有此字段' },
    ]);
  });
  test('given data that is not a plain object, when submitted, then refused as a whole', () => {
    for (const d of [null, [], 'text', 3]) assert.equal(errorsOf(validateSubmission(form(field('textfield')), d))[0].field, '');
  });
  test('given several problems, when submitted, then every field is reported at once', () => {
    const r = validateSubmission(form(field('textfield', { key: 'a', validate: { required: true } }), field('number', { key: 'b' })), {
      b: 'x',
    });
    assert.deepEqual(
      errorsOf(r).map((e) => e.field),
      ['a', 'b'],
    );
  });
  test('given a hidden field, when required and missing, then not required, and a submitted value is dropped', () => {
    const c = field('textfield', { validate: { required: true }, conditional: { hide: '=mode != "x"' } });
    assert.deepEqual(valuesOf(validateSubmission(form(c, field('textfield', { key: 'mode' })), { mode: 'y' })), { mode: 'y' });
    assert.deepEqual(valuesOf(validateSubmission(form(c, field('textfield', { key: 'mode' })), { mode: 'y', f: 'kept?' })), { mode: 'y' });
    assert.equal(messageFor(c, undefined, { mode: 'x' }), '「字段甲」为必填项');
  });
  test('given a hide condition over a process variable, when the submission sets the same name, then the submission wins', () => {
    const c = field('textfield', { validate: { required: true }, conditional: { hide: '=mode = "off"' } });
    const other = field('textfield', { key: 'mode' });
    assert.deepEqual(valuesOf(validateSubmission(form(c, other), { mode: 'off' }, { mode: 'on' })), { mode: 'off' });
  });
  test('given a group with a hide condition, when hidden, then its fields are neither required nor kept', () => {
    const g: FormComponent = {
      type: 'group',
      label: '组',
      conditional: { hide: '=true' },
      components: [field('textfield', { validate: { required: true } })],
    };
    assert.deepEqual(valuesOf(validateSubmission(form(g), { f: 'x' })), {});
    const shown: FormComponent = { ...g, conditional: { hide: '=false' } };
    assert.deepEqual(errorsOf(validateSubmission(form(shown), {})), [{ field: 'f', message: '「字段甲」为必填项' }]);
  });
  test('given a hide expression that fails to parse, when validated, then the field is shown (as in form-js)', () => {
    const c = field('textfield', { validate: { required: true }, conditional: { hide: '=(((' } });
    assert.deepEqual(errorsOf(validateSubmission(form(c), {})), [{ field: 'f', message: '「字段甲」为必填项' }]);
  });
  test('given a hide expression that evaluates to null, when validated, then it hides like a form-js unary test', () => {
    // `= missing` compares null with the (absent) input null: true, as form-js evaluates it
    const c = field('textfield', { validate: { required: true }, conditional: { hide: '=missing' } });
    assert.deepEqual(valuesOf(validateSubmission(form(c), {})), {});
    assert.deepEqual(errorsOf(validateSubmission(form(c), {}, { missing: 'set' })), [{ field: 'f', message: '「字段甲」为必填项' }]);
  });
  test('given expressions that try to reach host functions, when evaluated, then no JavaScript runs', () => {
    const g = globalThis as { __formPwned?: number };
    for (const expr of [
      '=a.constructor.constructor("globalThis.__formPwned = 1")()',
      '=a.__proto__.constructor.constructor("globalThis.__formPwned = 2")()',
      '=f("globalThis.__formPwned = 3")',
    ]) {
      const c = field('radio', { conditional: { hide: expr }, valuesExpression: expr });
      validateSubmission(form(c), { f: 'x' }, { a: {}, f: 'not a function' });
    }
    assert.equal(g.__formPwned, undefined);
  });
  test('given disabled and read-only fields, when values are submitted, then they are dropped, not validated', () => {
    const r = validateSubmission(
      form(
        field('number', { key: 'a', disabled: true, validate: { required: true } }),
        field('textfield', { key: 'b', readonly: true }),
        field('textfield', { key: 'c', readonly: '=locked' }),
      ),
      { a: 'x', b: 'y', c: 'z' },
      { locked: true },
    );
    assert.deepEqual(valuesOf(r), {});
  });
});
