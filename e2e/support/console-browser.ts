import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium (apt-get install chromium); playwright never downloads a browser here. */
export const CHROMIUM_PATH = '/usr/bin/chromium';
export const SCREENSHOT_DIR = fileURLToPath(new URL('../output/', import.meta.url));

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Debian's headless Chromium with the flags this machine needs (STACK-NOTES). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

export interface ConsoleBrowser {
  browser: Browser;
  page: Page;
  /** Full-page screenshot into e2e/output/<name>.png (git-ignored); returns the file path. */
  screenshot: (name: string) => Promise<string>;
  /** Messages the page logged as errors and uncaught exceptions, for assertions. */
  pageErrors: string[];
  close: () => Promise<void>;
}

/** One headless Chromium and one page (1440×900, zh-CN) for a whole test file. */
export async function openConsoleBrowser(baseURL: string): Promise<ConsoleBrowser> {
  const browser = await launchChromium();
  const context = await browser.newContext({
    baseURL,
    viewport: { width: 1440, height: 900 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => {
    if (!isAmisUnmountRace(err.message)) pageErrors.push(err.message);
  });
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return {
    browser,
    page,
    pageErrors,
    screenshot: async (name) => {
      const file = path.join(SCREENSHOT_DIR, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    close: () => browser.close(),
  };
}

/** Sign in through the login screen and wait for the console shell with its menu. */
export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit]');
  await page.waitForSelector('.wl-menu .wl-menu-item');
}

/** Leave the console (the header's 退出 button) and wait for the login screen. */
export async function signOut(page: Page): Promise<void> {
  await page.click('.wl-logout');
  await page.waitForSelector('.wl-login-card');
}

/** The menu as the user sees it: group titles and item labels. */
export async function menuOf(page: Page): Promise<{ groups: string[]; items: string[] }> {
  const groups = await page.locator('.wl-menu-group-title').allInnerTexts();
  const items = await page.locator('.wl-menu-item').allInnerTexts();
  return { groups: groups.map((s) => s.trim()), items: items.map((s) => s.trim()) };
}

/** Open a page from the menu and wait until amis has rendered it. */
export async function openMenuPage(page: Page, key: string): Promise<void> {
  await page.click(`.wl-menu-item[data-page="${key}"]`);
  // The page area of this key (not the previous page still on screen while the new one loads).
  await page.waitForSelector(`.wl-page[data-page="${key}"] .cxd-Page`);
}

/**
 * amis resolves a fetch into the store of a component that unmounted meanwhile (the page editor's
 * live preview re-renders on every edit; leaving a page while its service still loads), and
 * mobx-state-tree reports it as an uncaught error. Nothing is shown to the user and amis has no
 * hook to cancel on unmount (its `fetchCancel` only cancels a previous fetch of the same store),
 * so this one message is not counted as a page error; every other one is.
 */
function isAmisUnmountRace(message: string): boolean {
  return message.includes('[mobx-state-tree]') && message.includes('no longer part of a state tree');
}
