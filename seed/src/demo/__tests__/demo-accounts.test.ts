import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { BUILTIN_ROLES, userCreateBody } from '@warmline/contracts';
import { DEMO_ACCOUNTS_DOC, demoAccountsDoc } from '../demo-accounts-doc.js';
import { DEMO_PASSWORD, demoAccounts } from '../demo-accounts.js';
import { demoOrgPlan } from '../demo-org.js';

test('given the demo account plan, then every builtin role has an account and every account is valid for the user API', () => {
  const accounts = demoAccounts();
  const orgCodes = new Set(demoOrgPlan().map((o) => o.code));
  for (const role of BUILTIN_ROLES)
    assert.ok(
      accounts.some((a) => a.role === role.code),
      role.code,
    );
  for (const a of accounts) {
    const parsed = userCreateBody.safeParse({
      username: a.username,
      password: DEMO_PASSWORD,
      displayName: a.displayName,
      orgId: 1,
      roleIds: [1],
      ...(a.mobile && { mobile: a.mobile }),
      ...(a.agentNo && { agentNo: a.agentNo }),
      ...(a.ipPhone && { ipPhone: a.ipPhone }),
      ...(a.mobileDeviceId && { mobileDeviceId: a.mobileDeviceId }),
    });
    assert.ok(parsed.success, `${a.username}: ${JSON.stringify(parsed.error?.issues)}`);
    assert.ok(a.orgCode === null || orgCodes.has(a.orgCode), `${a.username}: org ${a.orgCode}`);
  }
  // Bindings are one-to-one across the whole group.
  for (const key of ['username', 'agentNo', 'ipPhone', 'mobileDeviceId'] as const) {
    const values = accounts.map((a) => a[key]).filter(Boolean);
    assert.equal(new Set(values).size, values.length, key);
  }
  assert.ok(accounts.filter((a) => a.role === 'agent').every((a) => a.agentNo && a.ipPhone));
  assert.ok(accounts.filter((a) => a.role === 'repair_worker' || a.role === 'grid_worker').every((a) => a.mobile && a.mobileDeviceId));
});

test('given the demo account plan, when built twice, then it is the same (seeded, deterministic)', () => {
  assert.deepEqual(demoAccounts(), demoAccounts());
});

test('given docs/demo-accounts.md, then it lists exactly the seeded accounts (regenerate with seed/src/cli/demo-accounts.cli.ts)', async () => {
  const doc = fs.readFileSync(DEMO_ACCOUNTS_DOC, 'utf8');
  assert.equal(doc, await demoAccountsDoc());
  for (const a of demoAccounts()) assert.ok(doc.includes(`\`${a.username}\``), a.username);
  assert.ok(doc.includes(DEMO_PASSWORD));
});
