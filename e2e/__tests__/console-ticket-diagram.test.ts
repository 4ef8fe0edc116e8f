import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eventually, type ApiClient, type TestServer } from '@warmline/server/testing';
import type { Page } from 'playwright-core';
import { openConsoleBrowser, signIn, type ConsoleBrowser } from '../support/console-browser.js';
import { CONSOLE_DIALECTS, startConsoleServer } from '../support/console-server.js';
import { screenProblems } from '../support/screen-checks.js';

const DEMO_PASSWORD = 'Demo@2026';

/** The marker classes the diagram gave one element (bpmn-js puts them on its `g.djs-element`). */
async function markersOf(page: Page, elementId: string): Promise<string[]> {
  const cls = (await page.locator(`.wl-process-diagram g.djs-element[data-element-id="${elementId}"]`).first().getAttribute('class')) ?? '';
  return cls.split(/\s+/).filter((c) => c.startsWith('wl-'));
}

for (const dialect of CONSOLE_DIALECTS) {
  describe(`console (${dialect}): the ticket detail shows its process diagram with the path so far`, () => {
    let server: TestServer;
    let ui: ConsoleBrowser;
    let subsidiaryId: number;
    let agent: ApiClient;
    const shot = (name: string) => ui.screenshot(`${name}-${dialect}`);

    before(async () => {
      server = await startConsoleServer({ demo: true, dialect });
      ui = await openConsoleBrowser(server.url);
      const units = (await server.admin.get('/api/org-units?type=subsidiary')).body as Array<{ id: number; code: string }>;
      subsidiaryId = units.find((u) => u.code === 'changchun')!.id;
      agent = await server.login('cc.agent1', DEMO_PASSWORD);
      await signIn(ui.page, 'cc.agent1', DEMO_PASSWORD);
    });
    after(async () => {
      await ui?.close();
      await server?.destroy();
    });

    /** A ticket taken in by the agent through the API, with the caller number of a demo customer. */
    async function newTicket(title: string): Promise<{ id: number; ticketNo: string }> {
      const customers = await agent.get(`/api/subsidiaries/${subsidiaryId}/customers?pageSize=1&blacklisted=false`);
      const phone = (customers.body as { items: Array<{ phones: Array<{ raw: string }> }> }).items[0].phones[0].raw;
      const created = await agent.post(`/api/subsidiaries/${subsidiaryId}/tickets`, {
        callerPhone: phone,
        typeCode: 'repair',
        urgency: 'normal',
        source: 'phone',
        title,
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      return created.body as { id: number; ticketNo: string };
    }

    test('given a ticket dispatched to a station, when its detail is opened, then the diagram marks intake and dispatch completed and the station confirmation current', async () => {
      // given a ticket dispatched to 南关站
      const ticket = await newTicket('暖气片不热（流程图）');
      const stations = (await agent.get(`/api/subsidiaries/${subsidiaryId}/dispatch-stations`)).body as Array<{ id: number; name: string }>;
      const dispatched = await agent.post(`/api/subsidiaries/${subsidiaryId}/tickets/${ticket.id}/dispatch`, {
        stationId: stations.find((s) => s.name === '南关站')!.id,
      });
      assert.equal(dispatched.status, 200, JSON.stringify(dispatched.body));
      const base = `/api/subsidiaries/${subsidiaryId}/tickets/${ticket.id}`;
      await eventually('the station confirmation to wait', async () =>
        ((await agent.get(`${base}/process`)).body as { active: string[] }).active.includes('station-confirm'),
      );

      // when the agent opens its detail
      const { page } = ui;
      await page.goto(`/pages/ticket-detail?subsidiaryId=${subsidiaryId}&ticketId=${ticket.id}`);
      const panel = page.locator('.wl-ticket-process-panel');
      await panel.locator('.wl-process-diagram-canvas[data-ready="true"]').waitFor();

      // then the diagram marks the path so far, the current step, and leaves the rest unmarked
      assert.match(await panel.innerText(), /流程图[\s\S]*工单主流程 第 \d+ 版 · 办理中/);
      assert.match(await panel.locator('.wl-process-legend').innerText(), /已完成[\s\S]*当前所在[\s\S]*未经过/);
      assert.deepEqual(await markersOf(page, 'intake'), ['wl-done']);
      assert.deepEqual(await markersOf(page, 'dispatch'), ['wl-done']);
      assert.deepEqual(await markersOf(page, 'station-confirm'), ['wl-current']);
      for (const todo of ['worker-accept', 'handle', 'callback', 'closed']) assert.deepEqual(await markersOf(page, todo), [], todo);
      assert.ok((await page.locator('.wl-process-diagram g.djs-connection.wl-flow-taken').count()) >= 3, 'taken flows are drawn');
      // and the marked element is drawn in its colour (the stylesheet applies)
      const stroke = await page
        .locator('.wl-process-diagram g.djs-element[data-element-id="station-confirm"] .djs-visual > rect')
        .first()
        .evaluate((el) => getComputedStyle(el).stroke);
      assert.equal(stroke, 'rgb(37, 99, 235)');
      // and the whole diagram is in view (zoomed to fit)
      const box = await panel.locator('.wl-process-diagram-canvas').boundingBox();
      const shape = await page.locator('.wl-process-diagram g.djs-element[data-element-id="closed"]').first().boundingBox();
      assert.ok(box && shape && shape.x + shape.width <= box.x + box.width + 1, 'the end event is inside the canvas');
      await panel.scrollIntoViewIfNeeded();
      await shot('50-ticket-detail-diagram');
      assert.deepEqual(await screenProblems(page), []);

      // and the print view keeps the diagram
      await page.emulateMedia({ media: 'print' });
      assert.equal(await panel.locator('.wl-process-diagram-canvas').isVisible(), true);
      assert.equal(await panel.locator('.wl-process-fit').isVisible(), false);
      await page.emulateMedia({ media: 'screen' });
      assert.deepEqual(ui.pageErrors, []);
    });

    test('given a ticket walked to its close, when its detail is opened, then the end event is completed and nothing is current', async () => {
      // given a ticket dispatched, assigned, accepted, handled and called back satisfied (the people's API calls)
      const ticket = await newTicket('暖气漏水（流程图·办结）');
      const base = `/api/subsidiaries/${subsidiaryId}/tickets/${ticket.id}`;
      const stations = (await agent.get(`/api/subsidiaries/${subsidiaryId}/dispatch-stations`)).body as Array<{ id: number; name: string }>;
      const ok = (res: { status: number; body: unknown }) => assert.equal(res.status, 200, JSON.stringify(res.body));
      ok(await agent.post(`${base}/dispatch`, { stationId: stations.find((s) => s.name === '南关站')!.id }));
      const head = await server.login('cc.st01.head', DEMO_PASSWORD);
      const worker = await server.login('cc.st01.repair1', DEMO_PASSWORD);
      const workerId = ((await worker.get('/api/auth/me')).body as { id: number }).id;
      await eventually(
        'the ticket at the station',
        async () => ((await agent.get(base)).body as { status: string }).status === 'pending_confirm',
      );
      ok(await head.post(`${base}/confirm-assign`, { workerId }));
      await eventually(
        'the ticket with the worker',
        async () => ((await agent.get(base)).body as { status: string }).status === 'pending_accept',
      );
      ok(await worker.post(`${base}/accept`, {}));
      await eventually('the ticket in handling', async () => ((await agent.get(base)).body as { status: string }).status === 'in_progress');
      ok(
        await worker.post(`${base}/handle`, {
          result: 'resolved',
          resultDescription: '更换阀门，已不漏水',
          durationMinutes: 30,
          indoorTemperatures: [20],
          satisfaction: 'satisfied',
        }),
      );
      await eventually(
        'the ticket waiting for the callback',
        async () => ((await agent.get(base)).body as { status: string }).status === 'pending_callback',
      );
      ok(await agent.post(`${base}/callback`, { outcome: 'satisfied', note: '满意' }));
      await eventually(
        'the process to end',
        async () => ((await agent.get(`${base}/process`)).body as { state: string }).state === 'completed',
        20_000,
      );

      // when its detail is opened
      const { page } = ui;
      await page.goto(`/pages/ticket-detail?subsidiaryId=${subsidiaryId}&ticketId=${ticket.id}`);
      const panel = page.locator('.wl-ticket-process-panel');
      await panel.locator('.wl-process-diagram-canvas[data-ready="true"]').waitFor();

      // then the whole path is completed up to the end event and nothing is current
      assert.match(await panel.innerText(), /已结束/);
      for (const done of ['intake', 'dispatch', 'station-confirm', 'worker-accept', 'handle', 'callback', 'close', 'closed']) {
        assert.deepEqual(await markersOf(page, done), ['wl-done'], done);
      }
      assert.equal(await page.locator('.wl-process-diagram g.djs-element.wl-current').count(), 0);
      assert.deepEqual(await markersOf(page, 'voided'), []);
      await panel.scrollIntoViewIfNeeded();
      await shot('51-ticket-detail-diagram-closed');
      assert.deepEqual(await screenProblems(page), []);
      assert.deepEqual(ui.pageErrors, []);
    });
  });
}
