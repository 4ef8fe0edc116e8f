import assert from 'node:assert/strict';
import { test } from 'node:test';
import { userTaskModel } from '@warmline/engine/testing';
import { describeEachDb } from '../../testing/index.js';

describeEachDb('process engine in the server', (ctx) => {
  test('given a subsidiary created through the API, when a process runs for it, then its state lives in that subsidiary database', async () => {
    const admin = ctx.server.admin;
    const root = (await admin.get('/api/auth/me')).body.orgId;
    const sub = await admin.post('/api/org-units', { parentId: root, type: 'subsidiary', code: 'eng_sub', name: '引擎分公司' });
    assert.equal(sub.status, 201);
    const engine = ctx.server.services.engine;
    assert.equal(engine.driver, 'embedded');

    const [deployed] = await engine.deploy('eng_sub', [{ name: 'approval.bpmn', content: userTaskModel('wiring-approval') }]);
    assert.equal(deployed.version, 1);
    const started = await engine.startInstance({
      tenantId: 'eng_sub',
      processId: 'wiring-approval',
      variables: { owner: 'zhang', team: 'east', urgent: true, amount: 2 },
    });
    const [task] = await engine.searchUserTasks({ tenantId: 'eng_sub', instanceKey: started.instanceKey, state: 'created' });
    assert.equal(task.assignee, 'zhang');

    const tenant = await ctx.server.services.tenants.byId(sub.body.id);
    const [rows] = await tenant.db.query('SELECT COUNT(*) AS n FROM engine_user_tasks');
    assert.equal(Number((rows as { n: number }[])[0].n), 1, 'the task row is in the subsidiary database');
    const [groupTables] = await ctx.server.services.dbs.group.query(
      ctx.dialect === 'sqlite' ? "SELECT name FROM sqlite_master WHERE name = 'engine_user_tasks'" : "SHOW TABLES LIKE 'engine_user_tasks'",
    );
    assert.equal((groupTables as unknown[]).length, 0, 'no engine state in the group database');

    await engine.completeUserTask('eng_sub', task.taskKey, { approved: true });
    const info = await engine.getInstance('eng_sub', started.instanceKey);
    assert.equal(info?.state, 'completed');
  });
});
