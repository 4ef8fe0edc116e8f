import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { ADMIN_PASSWORD, startTestServer, type TestServer } from '@warmline/server/testing';
import { launchChromium } from '../../support/console-browser.js';

const ENSURE_BUILT = fileURLToPath(new URL('../../../scripts/ensure-built.mjs', import.meta.url));
export const OUTPUT_DIR = fileURLToPath(new URL('../../output/', import.meta.url));

export interface DesignerSession {
  server: TestServer;
  browser: Browser;
  page: Page;
  /** Uncaught page errors, for assertions. */
  pageErrors: string[];
  /** Screenshot into e2e/output/designer-<name>.png. */
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

/** Build designer/dist when its sources changed (a clean clone, an edited file). */
function ensureDesignerBuilt(): void {
  const result = spawnSync(process.execPath, [ENSURE_BUILT, 'designer'], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`building the designer failed (exit ${result.status})`);
}

/** A real server (SQLite, fresh data, the shipped models deployed at start) and one headless Chromium page. */
export async function openDesignerSession(): Promise<DesignerSession> {
  ensureDesignerBuilt();
  const server = await startTestServer('sqlite');
  const browser = await launchChromium();
  const context = await browser.newContext({
    baseURL: server.url,
    viewport: { width: 1600, height: 1000 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    acceptDownloads: true,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  fs.mkdirSync(OUTPUT_DIR, { recursive: true });
  return {
    server,
    browser,
    page,
    pageErrors,
    screenshot: async (name) => {
      const file = path.join(OUTPUT_DIR, `designer-${name}.png`);
      await page.screenshot({ path: file });
      return file;
    },
    close: async () => {
      await browser.close();
      await server.destroy();
    },
  };
}

/** Sign in through the designer's login form as `username` (the group admin by default) and wait for the editor. */
export async function signIn(page: Page, username = 'admin', password = ADMIN_PASSWORD): Promise<void> {
  await page.goto('/designer/');
  await page.evaluate(() => localStorage.clear());
  await page.goto('/designer/');
  await page.fill('[data-testid=login-username]', username);
  await page.fill('[data-testid=login-password]', password);
  await page.click('[data-testid=login-submit]');
  await page.waitForSelector('#app[data-ready=true]');
}

/** Open a deployed process (latest version) through the 打开已部署流程 dialog. */
export async function openDeployed(page: Page, processId: string): Promise<void> {
  const imports = await page.evaluate(() => Number(document.getElementById('app')!.dataset.imports ?? 0));
  await page.click('[data-testid=open-server]');
  await page.click(`[data-testid=open-${processId}]`);
  await page.waitForFunction((n) => Number(document.getElementById('app')!.dataset.imports ?? 0) > n, imports);
}
