import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AppError } from '../../../core/app-error.js';
import { normalizePhone, requirePhone, splitPhoneList } from '../phone-normalize.js';

const AREA = '0431';

describe('phone normalisation', () => {
  const mobiles = [
    '+86 138-1234-5678',
    '86 13812345678',
    '0086 138 1234 5678',
    '138 1234 5678',
    '13812345678',
    '+8613812345678',
    '138-1234-5678',
    '(+86) 138 1234 5678',
    '１３８１２３４５６７８',
    '013812345678',
  ];
  for (const input of mobiles) {
    test(`given the mobile ${JSON.stringify(input)}, when normalised, then it is 13812345678 (mobile)`, () => {
      assert.deepEqual(normalizePhone(input, AREA), { normalized: '13812345678', kind: 'mobile' });
    });
  }

  const landlines = [
    '0431-8888 8888',
    '(0431)88888888',
    '+86 431 8888 8888',
    '8888-8888',
    '88888888',
    '0431 88888888',
    '+86 (0431) 8888-8888',
    '0086-431-88888888',
  ];
  for (const input of landlines) {
    test(`given the landline ${JSON.stringify(input)} in area 0431, when normalised, then it is 043188888888 (landline)`, () => {
      assert.deepEqual(normalizePhone(input, AREA), { normalized: '043188888888', kind: 'landline' });
    });
  }

  test('given a local number, when the subsidiary has another area code, then that area code is used', () => {
    assert.deepEqual(normalizePhone('8888-8888', '0432'), { normalized: '043288888888', kind: 'landline' });
  });

  test('given a local number, when the subsidiary has no area code, then it is refused', () => {
    assert.equal(normalizePhone('8888-8888', null), null);
  });

  test('given a landline of another city, when normalised, then its own area code is kept', () => {
    assert.deepEqual(normalizePhone('010-12345678', AREA), { normalized: '01012345678', kind: 'landline' });
    assert.deepEqual(normalizePhone('+86 20 8888 8888', AREA), { normalized: '02088888888', kind: 'landline' });
  });

  for (const service of ['95598', '12345', '10086', '110', '96777']) {
    test(`given the service number ${service}, when normalised, then it stays as digits`, () => {
      assert.deepEqual(normalizePhone(service, AREA), { normalized: service, kind: 'landline' });
    });
  }

  test('given 400 and 800 numbers, when normalised, then they are kept as dialled', () => {
    assert.equal(normalizePhone('400-810-8888', AREA)?.normalized, '4008108888');
    assert.equal(normalizePhone('800 810 8888', AREA)?.normalized, '8008108888');
  });

  test('given a foreign number, when normalised, then it is stored in E.164', () => {
    assert.deepEqual(normalizePhone('+852 9123 4567', AREA), { normalized: '+85291234567', kind: 'mobile' });
    assert.equal(normalizePhone('00852 9123 4567', AREA)?.normalized, '+85291234567');
  });

  for (const garbage of [
    '',
    '   ',
    'abc',
    '138-1234-567x',
    '1381234567',
    '123456789012345678',
    '+',
    '0431-888',
    '138 1234 5678 ext 12',
    '0431-2888888',
    '++8613812345678',
  ]) {
    test(`given garbage ${JSON.stringify(garbage)}, when normalised, then it is refused`, () => {
      assert.equal(normalizePhone(garbage, AREA), null);
    });
  }

  test('given garbage, when required, then a 400 names the field with the standard message', () => {
    assert.throws(
      () => requirePhone('not a phone', AREA, 'body.phones.0.number'),
      (err: unknown) =>
        err instanceof AppError &&
        err.code === 'VALIDATION_FAILED' &&
        err.details?.[0]?.field === 'body.phones.0.number' &&
        err.details[0].message === '电话号码格式不正确',
    );
  });

  test('given a cell with several numbers, when split, then each number is one entry', () => {
    assert.deepEqual(splitPhoneList('138 1234 5678/0431-88888888、95598 , '), ['138 1234 5678', '0431-88888888', '95598']);
  });
});
