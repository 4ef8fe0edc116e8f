import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { evaluateExpression, FeelError } from '../index.js';

const vars = { a: 5, s: '  hello world  ', list: [1, 2, 3, 2, 1], obj: { x: { y: 0 } }, d: '2022-10-16' };
const feel = (expr: string, variables: Record<string, unknown> = vars) => evaluateExpression(`=${expr}`, variables);

/** Camunda's extra FEEL functions, with the examples of docs.camunda.io where there are some. */
describe('Camunda FEEL extension functions', () => {
  const cases: Array<[string, unknown]> = [
    // boolean
    ['is defined(1)', true],
    ['is defined(null)', false],
    ['is defined(x)', false],
    ['is defined(obj.x.y)', true],
    ['is defined(obj.z)', false],
    ['get or else("this", "default")', 'this'],
    ['get or else(null, "default")', 'default'],
    ['get or else(missing, "default")', 'default'],
    ['get or else(null, null)', null],
    ['assert(a, a >= 0)', 5],
    // context
    ['get value({x:1, y: {z:0}}, ["y", "z"])', 0],
    ['get value({x: {y: {z:0}}}, ["x", "y"])', { z: 0 }],
    ['get value({a: {b: 3}}, ["b"])', null],
    ['get value({a: 1}, "a")', 1],
    ['get value(obj, "missing")', null],
    ['get entries({a: 1})', [{ key: 'a', value: 1 }]],
    ['context put({x:1}, "y", 2)', { x: 1, y: 2 }],
    ['context put({x: {y: 1}}, ["x", "z"], 2)', { x: { y: 1, z: 2 } }],
    ['context merge([{x:1}, {y:2}])', { x: 1, y: 2 }],
    ['context merge([{x:1, y: 0}, {y:2}])', { x: 1, y: 2 }],
    // string
    ['string join(["a","b","c"], ", ", "[", "]")', '[a, b, c]'],
    ['string join(["a",null,"c"], "-")', 'a-c'],
    ['string join(["a","b"])', 'ab'],
    ['string join(["a", 1], ", ", "[", "]")', null],
    ['split("a,b,c", ",")', ['a', 'b', 'c']],
    ['extract("references are 1234, 1256, 1378", "12[0-9]*")', ['1234', '1256']],
    ['extract("none here", "[0-9]+")', []],
    ['matches("foobar", "^fo*b")', true],
    ['trim("  hello world  ")', 'hello world'],
    ['trim("hello   world ")', 'hello   world'],
    ['trim(a)', null],
    ['is blank("")', true],
    ['is blank(" ")', true],
    ['is blank("hello world")', false],
    ['upper case("abc")', 'ABC'],
    ['lower case("ABC")', 'abc'],
    ['to base64("FEEL")', 'RkVFTA=='],
    ['from base64("RkVFTA==")', 'FEEL'],
    ['from base64("not base64!")', null],
    ['to base64("热网")', Buffer.from('热网').toString('base64')],
    // conversion
    ['from json("{\\"a\\": [1, true, null]}")', { a: [1, true, null] }],
    ['from json("not json")', null],
    ['to json({a: [1, "x", null]})', '{"a":[1,"x",null]}'],
    ['to json(date("2022-10-01"))', '"2022-10-01"'],
    // list
    ['is empty([])', true],
    ['is empty([1,2,3])', false],
    ['is empty("text")', null],
    ['duplicate values([1,2,3,2,1])', [1, 2]],
    ['duplicate values(["a","b"])', []],
    ['distinct values([1,2,3,2,1])', [1, 2, 3]],
    ['flatten([[1,2],[[3]], 4])', [1, 2, 3, 4]],
    ['union([1,2],[2,3])', [1, 2, 3]],
    ['partition([1,2,3,4,5], 2)', [[1, 2], [3, 4], [5]]],
    ['partition([], 2)', []],
    ['partition([1,2], 0)', null],
    ['sort([3,1,2], function(x,y) x < y)', [1, 2, 3]],
    // temporal
    ['last day of month(date("2022-10-01"))', '2022-10-31'],
    ['last day of month(date and time("2022-02-16T12:00:00"))', '2022-02-28'],
    ['date and time(@"2020-07-31T14:27:30@Europe/Berlin", "America/Los_Angeles")', '2020-07-31T05:27:30-07:00'],
    ['date and time(@"2020-07-31T14:27:30Z", "Asia/Shanghai")', '2020-07-31T22:27:30+08:00'],
    ['date and time("2020-07-31T14:27:30+08:00")', '2020-07-31T14:27:30+08:00'],
    ['date and time(date("2020-07-31"), time("10:15:00"))', '2020-07-31T10:15:00+00:00'],
    ['day of week(date("2024-01-01"))', 'Monday'],
    ['duration("PT5M")', 'PT5M'],
    ['date(d) + duration("P1D")', '2022-10-17'],
  ];
  for (const [expr, expected] of cases) {
    test(`given =${expr}, when evaluated, then it answers ${JSON.stringify(expected)}`, () => {
      assert.deepEqual(feel(expr), expected);
    });
  }

  test('given now() and today(), when evaluated, then they answer the current date-time and date', () => {
    const before = Date.now();
    const now = Date.parse(feel('now()') as string);
    assert.ok(now >= before - 1000 && now <= Date.now() + 1000);
    assert.match(feel('today()') as string, /^\d{4}-\d{2}-\d{2}$/);
  });

  test('given uuid() and random number(), when evaluated twice, then they give fresh values of the right shape', () => {
    const [u1, u2] = [feel('uuid()'), feel('uuid()')] as string[];
    assert.match(u1, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.notEqual(u1, u2);
    const r = feel('random number()') as number;
    assert.ok(typeof r === 'number' && r >= 0 && r < 1);
  });

  test('given a failed assert, when evaluated, then a FeelError carries the cause', () => {
    assert.throws(
      () => feel('assert(a, a > 10, "\'a\' should be greater than 10")'),
      (err: unknown) => err instanceof FeelError && err.message === "'a' should be greater than 10" && err.expression.includes('assert'),
    );
    assert.throws(() => feel('assert(missing, missing != null)'), FeelError);
  });

  test('given is defined() without an argument, when evaluated, then it fails', () => {
    assert.throws(() => feel('is defined()'), FeelError);
  });

  test('given named parameters, when an extension function is called with them, then they bind by name', () => {
    assert.equal(feel('trim(string: "  x ")'), 'x');
    assert.equal(feel('get or else(default: 1, value: null)'), 1);
    assert.deepEqual(feel('partition(size: 1, list: [1,2])'), [[1], [2]]);
  });
});
