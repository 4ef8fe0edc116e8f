import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { describeEachDb } from '../../../testing/index.js';
import { syncShippedForms } from '../form-sync.js';
import { sampleFormSchema } from './form-samples.js';

const dirs: string[] = [];
after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
const formDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'warmline-forms-'));
  dirs.push(dir);
  return dir;
};
const writeForm = (dir: string, schema: { id: string }) =>
  fs.writeFileSync(path.join(dir, `${schema.id}.form.json`), JSON.stringify(schema));

describeEachDb('shipped form sync', (ctx) => {
  test('given shipped form files, when synced again and again, then new files become version 1, changed files a new shipped version, and an administrator’s edit is never replaced', async () => {
    const services = ctx.server.services;
    const admin = ctx.server.admin;
    const dir = formDir();
    writeForm(dir, sampleFormSchema('sync-a'));
    writeForm(dir, sampleFormSchema('sync-b'));

    assert.deepEqual(await syncShippedForms(services, dir), { 'sync-a': 'created', 'sync-b': 'created' });
    assert.deepEqual(await syncShippedForms(services, dir), { 'sync-a': 'unchanged', 'sync-b': 'unchanged' });
    const a = await admin.get('/api/forms/sync-a');
    assert.equal(a.body.version, 1);
    assert.equal(a.body.name, '测试表单');
    assert.equal(a.body.source, 'shipped');

    // An administrator edits sync-b; then both files change with a release.
    const edited = sampleFormSchema('sync-b', [{ type: 'textfield', id: 'Field_x', key: 'x', label: '管理员加的字段' }]);
    assert.equal((await admin.put('/api/forms/sync-b', { name: '管理员改过', schema: edited })).status, 200);
    const newer = (id: string) => ({ ...sampleFormSchema(id), components: [{ type: 'text', id: 'Text_1', text: '### 新版表单' }] });
    writeForm(dir, newer('sync-a'));
    writeForm(dir, newer('sync-b'));

    assert.deepEqual(await syncShippedForms(services, dir), { 'sync-a': 'updated', 'sync-b': 'kept-edited' });
    const a2 = await admin.get('/api/forms/sync-a');
    assert.equal(a2.body.version, 2);
    assert.equal(a2.body.name, '新版表单');
    assert.deepEqual(a2.body.schema, newer('sync-a'));
    const b2 = await admin.get('/api/forms/sync-b');
    assert.equal(b2.body.version, 2);
    assert.equal(b2.body.name, '管理员改过');
    assert.deepEqual(b2.body.schema, edited);
    const versions = await admin.get('/api/forms/sync-a/versions');
    assert.deepEqual(
      versions.body.items.map((v: { version: number; source: string; comment: string }) => [v.version, v.source, v.comment]),
      [
        [2, 'shipped', '随系统升级更新的默认表单'],
        [1, 'shipped', '随系统发布的默认表单'],
      ],
    );
    // A file that disappeared leaves its form in place.
    fs.rmSync(path.join(dir, 'sync-a.form.json'));
    assert.deepEqual(await syncShippedForms(services, dir), { 'sync-b': 'kept-edited' });
    assert.equal((await admin.get('/api/forms/sync-a')).status, 200);
  });

  test('given a broken shipped form file, when synced, then the sync stops naming the file and its problem', async () => {
    const dir = formDir();
    fs.writeFileSync(path.join(dir, 'sync-broken.form.json'), JSON.stringify({ ...sampleFormSchema('sync-broken'), id: 'other' }));
    await assert.rejects(syncShippedForms(ctx.server.services, dir), /form sync-broken is invalid: id "other" differs/);
    assert.equal((await ctx.server.admin.get('/api/forms/sync-broken')).status, 404);
  });
});
