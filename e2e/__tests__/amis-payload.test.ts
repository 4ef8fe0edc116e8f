import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formFieldOf, toAmisPayload } from '../../admin/src/api/to-amis-payload.js';

describe('the console fetcher: server answers in the amis payload shape', () => {
  test('given a list answered as an array, when adapted, then amis gets items and total', () => {
    assert.deepEqual(toAmisPayload(200, [{ id: 1 }, { id: 2 }]), { status: 0, msg: '', data: { items: [{ id: 1 }, { id: 2 }], total: 2 } });
  });

  test('given a page object or an empty 204, when adapted, then the object is the data', () => {
    assert.deepEqual(toAmisPayload(200, { items: [], total: 0, page: 1, pageSize: 20 }).data, {
      items: [],
      total: 0,
      page: 1,
      pageSize: 20,
    });
    assert.deepEqual(toAmisPayload(204, undefined), { status: 0, msg: '', data: {} });
  });

  test('given a 400 with field details, when adapted, then amis gets status 422 and one Chinese message per form field', () => {
    const payload = toAmisPayload(400, {
      code: 'VALIDATION_FAILED',
      message: '提交的数据有误',
      requestId: 'r-1',
      details: [
        { field: 'body.code', message: '编码须以小写字母开头' },
        { field: 'body.code', message: '第二条不覆盖第一条' },
        { field: 'body.roleIds.0', message: '角色不存在' },
        { field: 'query.pageSize', message: '不能超过 200' },
        { field: 'body.extra.color', message: '应为字符串' },
      ],
    });
    assert.deepEqual(payload, {
      status: 422,
      msg: '提交的数据有误',
      data: {},
      errors: { code: '编码须以小写字母开头', roleIds: '角色不存在', pageSize: '不能超过 200', 'extra.color': '应为字符串' },
      code: 'VALIDATION_FAILED',
      requestId: 'r-1',
    });
  });

  test('given an error without details or without a body, when adapted, then it fails with the server message or a Chinese fallback', () => {
    assert.deepEqual(toAmisPayload(403, { code: 'FORBIDDEN', message: '没有权限', requestId: 'r-2' }), {
      status: 1,
      msg: '没有权限',
      data: {},
      code: 'FORBIDDEN',
      requestId: 'r-2',
    });
    assert.equal(toAmisPayload(502, undefined).msg, '服务器暂时无法处理，请稍后重试');
    assert.equal(toAmisPayload(404, undefined).msg, '请求失败（404）');
  });

  test('given spreadsheet rows in the details, when adapted, then the row number leads the message', () => {
    assert.deepEqual(toAmisPayload(422, { message: '导入文件有误', details: [{ field: '门牌号', row: 7, message: '不能为空' }] }).errors, {
      门牌号: '第 7 行：不能为空',
    });
    assert.equal(formFieldOf('params.id'), 'id');
    assert.equal(formFieldOf('name'), 'name');
  });
});
