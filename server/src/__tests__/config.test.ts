import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '../config.js';

test('given no environment, when config loads, then the embedded defaults apply', () => {
  const c = loadConfig({});
  assert.equal(c.port, 3000);
  assert.deepEqual(c.database, { kind: 'sqlite' });
  assert.equal(c.seedDemo, true);
  assert.ok(c.dataDir.endsWith('/data'));
});

test('given a MySQL URL, when config loads, then the URL database is the group database', () => {
  const c = loadConfig({ WARMLINE_DATABASE_URL: 'mysql://root@127.0.0.1:3306/heat' });
  assert.equal(c.database.kind, 'mysql');
  assert.equal(c.database.kind === 'mysql' && c.database.groupDatabase, 'heat');
});

test('given invalid values, when config loads, then it fails naming each variable', () => {
  assert.throws(() => loadConfig({ PORT: 'abc' }), /PORT/);
  assert.throws(() => loadConfig({ WARMLINE_DATABASE_URL: 'postgres://x/y' }), /WARMLINE_DATABASE_URL/);
  assert.throws(() => loadConfig({ WARMLINE_ADMIN_PASSWORD: 'short' }), /WARMLINE_ADMIN_PASSWORD/);
  assert.throws(() => loadConfig({ WARMLINE_DATABASE_URL: 'mysql://h/bad-name;drop' }), /WARMLINE_DATABASE_URL/);
});
