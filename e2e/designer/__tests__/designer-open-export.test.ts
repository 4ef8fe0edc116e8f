import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openDeployed, openDesignerSession, signIn, type DesignerSession } from '../support/designer-session.js';

describe('designer: sign in, open the shipped ticket model, export', () => {
  let s: DesignerSession;
  before(async () => {
    s = await openDesignerSession();
  });
  after(async () => {
    await s?.close();
  });

  test('given the group admin, when signing in and opening wl-ticket, then the diagram and the properties panel show in Chinese', async () => {
    await signIn(s.page);
    await openDeployed(s.page, 'wl-ticket');
    await s.screenshot('01-wl-ticket');
    assert.deepEqual(s.pageErrors, []);
  });
});
