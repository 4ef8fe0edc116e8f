import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { evaluateCondition, evaluateExpression, evaluateUnaryTests, FeelError, feelSyntaxError, isFeelExpression } from '../index.js';

describe('Zeebe expression rule (= marks FEEL)', () => {
  test('given a value without a leading =, when evaluated, then it is the static string itself', () => {
    assert.equal(evaluateExpression('a + 1', { a: 1 }), 'a + 1');
    assert.equal(evaluateExpression('PT5M', {}), 'PT5M');
    assert.equal(evaluateExpression('', {}), '');
    assert.equal(evaluateExpression('3', {}), '3');
  });

  test('given undefined, when evaluated, then it stays undefined', () => {
    assert.equal(evaluateExpression(undefined, {}), undefined);
  });

  test('given a value with a leading = (whitespace allowed before it), when evaluated, then it is FEEL over the variables', () => {
    assert.equal(evaluateExpression('=a + 1', { a: 1 }), 2);
    assert.equal(evaluateExpression('  = a * 2', { a: 4 }), 8);
    assert.equal(evaluateExpression('="literal"', {}), 'literal');
    assert.deepEqual(evaluateExpression('={total: sum(items.price)}', { items: [{ price: 2 }, { price: 3 }] }), { total: 5 });
    assert.ok(isFeelExpression(' =x'));
    assert.ok(!isFeelExpression('x = 1'));
  });

  test('given a missing variable, when evaluated, then the result is null (Zeebe is null-friendly)', () => {
    assert.equal(evaluateExpression('=missing', {}), null);
    assert.equal(evaluateExpression('=missing.deep.path', {}), null);
  });

  test('given temporal results, when evaluated, then they come back as ISO strings', () => {
    assert.equal(evaluateExpression('=date("2024-02-29")', {}), '2024-02-29');
    assert.equal(evaluateExpression('=time("10:15:00")', {}), '10:15:00');
    assert.equal(evaluateExpression('=duration("P1DT2H")', {}), 'P1DT2H');
    assert.equal(evaluateExpression('=date and time("2024-01-01T08:00:00+08:00")', {}), '2024-01-01T08:00:00+08:00');
  });

  test('given results that are not JSON (functions, ranges), when evaluated, then they become null', () => {
    assert.equal(evaluateExpression('=function(x) x', {}), null);
    assert.equal(evaluateExpression('=[1..3]', {}), null);
  });

  test('given a syntax error, when evaluated, then a FeelError names the expression', () => {
    assert.throws(
      () => evaluateExpression('=a +', { a: 1 }),
      (err: unknown) => err instanceof FeelError && err.expression === '=a +' && /syntax error/.test(err.message),
    );
  });

  test('given variables with host objects, when evaluated, then only their JSON form is visible', () => {
    const secret = { toJSON: () => 'plain', fn: () => 'called' };
    class Box {
      value = 1;
      get leak() {
        return 'getter';
      }
    }
    assert.equal(evaluateExpression('=x', { x: secret }), 'plain');
    assert.equal(evaluateExpression('=y.fn()', { y: { fn: () => 'called' } }), null);
    assert.deepEqual(evaluateExpression('=b', { b: new Box() }), { value: 1 });
    assert.equal(evaluateExpression('=b.leak', { b: new Box() }), null);
    assert.equal(evaluateExpression('=when', { when: new Date('2024-01-01T00:00:00Z') }), '2024-01-01T00:00:00.000Z');
  });

  test('given attempts to reach prototypes, when evaluated, then they answer null', () => {
    for (const expr of [
      '=x.constructor',
      '=x.__proto__',
      '=x.constructor.constructor("return process")()',
      '=trim.constructor',
      '=get value(x, "constructor")',
    ]) {
      assert.equal(evaluateExpression(expr, { x: {} }), null, expr);
    }
    assert.deepEqual(
      evaluateExpression('=from json("{\\"__proto__\\": {\\"polluted\\": 1}}")', {}),
      JSON.parse('{"__proto__": {"polluted": 1}}'),
    );
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  test('given variables that are not JSON (a cycle), when evaluated, then a FeelError says so', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    assert.throws(() => evaluateExpression('=1', { cyclic }), FeelError);
  });
});

describe('conditions', () => {
  test('given a boolean expression, when evaluated, then it answers the boolean', () => {
    assert.equal(evaluateCondition('=amount > 100', { amount: 150 }), true);
    assert.equal(evaluateCondition('= amount > 100 and type = "leak"', { amount: 150, type: 'noise' }), false);
  });

  test('given a condition that is not boolean, when evaluated, then a FeelError explains the missing variable', () => {
    assert.throws(
      () => evaluateCondition('=amount > 100', {}),
      (err: unknown) => err instanceof FeelError && /boolean/.test(err.message) && /amount/.test(err.message),
    );
    assert.throws(() => evaluateCondition('=amount', { amount: 1 }), FeelError);
  });

  test('given a static condition, when evaluated, then it is refused (Zeebe conditions are FEEL)', () => {
    assert.throws(() => evaluateCondition('true', {}), FeelError);
  });
});

describe('unary tests and syntax checks', () => {
  test('given unary tests, when evaluated against an input, then they match like FEEL', () => {
    assert.equal(evaluateUnaryTests('> 3', 5), true);
    assert.equal(evaluateUnaryTests('"a","b"', 'c'), false);
    assert.equal(evaluateUnaryTests('[1..10]', 10), true);
    assert.equal(evaluateUnaryTests('< limit', 3, { limit: 2 }), false);
  });

  test('given expressions, when checked for syntax, then only broken ones are reported', () => {
    assert.equal(feelSyntaxError('=a > 1 and is defined(b)'), undefined);
    assert.equal(feelSyntaxError('=get or else(a, "x")'), undefined);
    assert.equal(feelSyntaxError('=last day of month(today())'), undefined);
    assert.deepEqual(feelSyntaxError('=a +'), { zh: '表达式不完整（在结尾处意外结束）', en: 'the expression ends unexpectedly' });
    assert.match(feelSyntaxError('=')!.zh, /没有表达式/);
    assert.match(feelSyntaxError('=a ) b')!.zh, /^第 \d+ 个字符处无法识别：「.+」$/);
    assert.ok(feelSyntaxError('=foo(((') !== undefined);
    assert.ok(feelSyntaxError('=${x}') !== undefined);
  });
});
