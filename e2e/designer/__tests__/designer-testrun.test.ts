import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { buildWorld, WORLD_PASSWORD, type World } from '@warmline/server/testing';
import { openDesignerSession, signIn, type DesignerSession } from '../support/designer-session.js';
import { branchingExtensionWithLayout } from '../support/testrun-model.js';

const EXT = 'wl-ext-before-handle';

/** Which of these elements carry the test run's "visited" marker on the canvas. */
function visited(page: Page, ids: string[]): Promise<Record<string, boolean>> {
  return page.evaluate((list) => {
    const canvas = window.__warmlineModeler!.get('canvas') as { hasMarker(id: string, m: string): boolean };
    return Object.fromEntries(list.map((id) => [id, canvas.hasMarker(id, 'wl-testrun-visited')]));
  }, ids);
}

/** Run once more and wait for this run's answer. */
async function runTestRun(page: Page): Promise<{ outcome: string | undefined; steps: string[] }> {
  const runs = await page.locator('[data-testid=testrun-dialog]').evaluate((d) => Number((d as HTMLElement).dataset.runs ?? 0));
  await page.click('[data-testid=testrun-run]');
  await page.waitForFunction((n) => {
    const d = document.querySelector<HTMLElement>('[data-testid=testrun-dialog]');
    return Number(d?.dataset.runs ?? 0) > n && d?.dataset.state === 'done';
  }, runs);
  return {
    outcome: await page
      .locator('[data-testid=testrun-result]')
      .getAttribute('data-outcome')
      .then((v) => v ?? undefined),
    steps: await page.locator('[data-testid=testrun-step]').evaluateAll((els) => els.map((e) => e.getAttribute('data-element-id') ?? '')),
  };
}

/** The dialog's own texts, without what the model and the user wrote (names in 「」, variable names and values, ids). */
function dialogOwnText(page: Page): Promise<string> {
  return page.locator('[data-testid=testrun-dialog]').evaluate((d) => {
    const copy = d.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('code, [data-testid=testrun-final-variables] td, input, textarea').forEach((e) => e.remove());
    return (copy.innerText ?? copy.textContent ?? '').replace(/「[^」]*」/g, '');
  });
}

describe('designer: a subsidiary admin test-runs an extension before deploying it', () => {
  let s: DesignerSession;
  let world: World;

  before(async () => {
    s = await openDesignerSession();
    world = await buildWorld(s.server, 'dt');
  });
  after(async () => {
    await s?.close();
  });

  test('given an extension with a gateway, when test-run with a large then a small amount, then each run marks its own branch and nothing is deployed', async () => {
    // given: the subsidiary admin opens an extension with a gateway
    await signIn(s.page, world.a.usernames.subsidiary_admin, WORLD_PASSWORD);
    const imports = await s.page.evaluate(() => Number(document.getElementById('app')!.dataset.imports ?? 0));
    await s.page.setInputFiles('[data-testid=file-input]', {
      name: `${EXT}.bpmn`,
      mimeType: 'application/xml',
      buffer: Buffer.from(branchingExtensionWithLayout(EXT)),
    });
    await s.page.waitForFunction((n) => Number(document.getElementById('app')!.dataset.imports ?? 0) > n, imports);
    assert.equal(await s.page.locator('[data-testid=read-only-badge]').isVisible(), false);
    assert.equal(await s.page.locator('[data-testid=test-run]').isDisabled(), false);

    // when: variables choose the big branch
    await s.page.click('[data-testid=test-run]');
    await s.page.waitForSelector('[data-testid=testrun-dialog]');
    await s.page.fill('[data-testid=testrun-var-name] >> nth=0', 'amount');
    await s.page.fill('[data-testid=testrun-var-value] >> nth=0', '5000');
    const big = await runTestRun(s.page);

    // then
    assert.equal(big.outcome, 'completed');
    assert.deepEqual(big.steps, ['Start', 'Check', 'Amount', 'BigReview', 'EndBig']);
    assert.deepEqual(await visited(s.page, ['Check', 'Amount', 'ToBig', 'BigReview', 'ToSmall', 'WaitDay', 'SmallNote']), {
      Check: true,
      Amount: true,
      ToBig: true,
      BigReview: true,
      ToSmall: false,
      WaitDay: false,
      SmallNote: false,
    });
    assert.match(await s.page.locator('[data-testid=testrun-outcome]').innerText(), /已走完/);
    assert.match(await s.page.locator('[data-testid=testrun-notes]').innerText(), /作业类型「wl-test-review」不真正执行/);
    await s.screenshot('testrun-01-big-branch');

    // when: the variables now choose the other branch
    await s.page.fill('[data-testid=testrun-var-value] >> nth=0', '10');
    const small = await runTestRun(s.page);

    // then
    assert.equal(small.outcome, 'completed');
    assert.deepEqual(small.steps, ['Start', 'Check', 'Amount', 'WaitDay', 'SmallNote', 'EndSmall']);
    assert.deepEqual(await visited(s.page, ['BigReview', 'ToBig', 'ToSmall', 'WaitDay', 'SmallNote', 'EndSmall']), {
      BigReview: false,
      ToBig: false,
      ToSmall: true,
      WaitDay: true,
      SmallNote: true,
      EndSmall: true,
    });
    const finalVariables = await s.page.locator('[data-testid=testrun-final-variables] tbody tr').allInnerTexts();
    assert.deepEqual(
      finalVariables.map((r) => r.split('\t')),
      [
        ['amount', '10'],
        ['route', '小额'],
      ],
    );
    await s.screenshot('testrun-02-small-branch');

    const own = await dialogOwnText(s.page);
    assert.doesNotMatch(own, /[A-Za-z]{2,}/, own);

    // nothing was deployed
    const versions = await s.server.admin.get(`/api/process-definitions/${EXT}/versions`);
    assert.deepEqual(versions.body.items, []);

    // closing the panel removes the path from the diagram
    await s.page.click('[data-testid=testrun-close]');
    assert.deepEqual(await visited(s.page, ['Check', 'WaitDay']), { Check: false, WaitDay: false });
    assert.deepEqual(s.pageErrors, []);
  });

  test('given an extension with a broken condition, when test-run, then the server refuses it like a deploy and names the flow on the diagram', async () => {
    // given
    const broken = branchingExtensionWithLayout(EXT).replace('=amount &gt; 1000', '=amount &gt;');
    const imports = await s.page.evaluate(() => Number(document.getElementById('app')!.dataset.imports ?? 0));
    await s.page.setInputFiles('[data-testid=file-input]', {
      name: 'broken.bpmn',
      mimeType: 'application/xml',
      buffer: Buffer.from(broken),
    });
    await s.page.waitForFunction((n) => Number(document.getElementById('app')!.dataset.imports ?? 0) > n, imports);
    // when
    await s.page.click('[data-testid=test-run]');
    await s.page.waitForSelector('[data-testid=testrun-dialog]');
    const answer = await runTestRun(s.page);
    // then
    assert.equal(answer.outcome, 'refused');
    assert.match(await s.page.locator('[data-testid=testrun-outcome]').innerText(), /^服务器拒绝试运行：流程模型未通过部署检查/);
    const named = await s.page
      .locator('[data-testid=testrun-problem]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-element-id')));
    assert.ok(named.includes('ToBig'), JSON.stringify(named));
    const refused = await s.page.evaluate(() =>
      (window.__warmlineModeler!.get('canvas') as { hasMarker(id: string, m: string): boolean }).hasMarker('ToBig', 'wl-refused'),
    );
    assert.equal(refused, true);
    await s.screenshot('testrun-03-refused');
    await s.page.click('[data-testid=testrun-close]');
    assert.deepEqual(s.pageErrors, []);
  });

  test('given the group template opened read-only, when the subsidiary looks at the toolbar, then 试运行 is disabled like 部署', async () => {
    await s.page.click('[data-testid=open-server]');
    await s.page.click('[data-testid=open-wl-ticket]');
    await s.page.waitForSelector('[data-testid=read-only-badge]:visible');
    assert.equal(await s.page.locator('[data-testid=test-run]').isDisabled(), true);
    assert.equal(await s.page.locator('[data-testid=deploy]').isDisabled(), true);
  });
});
