import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PERMISSION_CODES } from '@warmline/contracts';
import { describeEachDb } from '../../testing/index.js';
import { ensureInitialData } from '../ensure-initial-data.js';

describeEachDb('initial data on start', (ctx) => {
  test('given an installation whose group_admin role lacks newer permission codes, when the server starts again, then group_admin holds every code', async () => {
    const db = ctx.server.services.dbs.group;
    await db.query(`UPDATE roles SET permissions = '["org:read"]' WHERE code = 'group_admin'`);
    const first = await ensureInitialData(ctx.server.services);
    assert.equal(first, false, 'not a first start');
    const [rows] = await db.query(`SELECT permissions FROM roles WHERE code = 'group_admin'`);
    assert.deepEqual(JSON.parse((rows as { permissions: string }[])[0].permissions).sort(), [...PERMISSION_CODES].sort());
  });
});
