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

describeEachDb('builtin role grants on start', (ctx) => {
  const permissionsOf = async (code: string) => {
    const [rows] = await ctx.server.services.dbs.group.query(`SELECT permissions FROM roles WHERE code = '${code}'`);
    return JSON.parse((rows as { permissions: string }[])[0].permissions) as string[];
  };

  test('given an installation from before a version added task:work to agents, when the server starts again, then agents get it once', async () => {
    // given the agent role as an older version left it: without task:work and with no record of it being granted
    const db = ctx.server.services.dbs.group;
    const without = (await permissionsOf('agent')).filter((p) => p !== 'task:work');
    await db.query(`UPDATE roles SET permissions = '${JSON.stringify(without)}' WHERE code = 'agent'`);
    await db.query(`DELETE FROM builtin_role_grants WHERE role_code = 'agent' AND permission_code = 'task:work'`);
    // when the server starts again
    await ensureInitialData(ctx.server.services);
    // then the new code is granted
    assert.ok((await permissionsOf('agent')).includes('task:work'));
  });

  test('given an administrator removed a builtin grant, when the server starts again, then it stays removed', async () => {
    // given the administrator took house:write away from agents
    const db = ctx.server.services.dbs.group;
    const without = (await permissionsOf('agent')).filter((p) => p !== 'house:write');
    await db.query(`UPDATE roles SET permissions = '${JSON.stringify(without)}' WHERE code = 'agent'`);
    // when the server starts again
    await ensureInitialData(ctx.server.services);
    // then agents still lack it
    assert.ok(!(await permissionsOf('agent')).includes('house:write'));
  });
});
