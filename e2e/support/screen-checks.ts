import type { Page } from 'playwright-core';

/** English texts amis or the browser would show if a label were left untranslated. */
const UNTRANSLATED =
  /\b(Loading|Submit|Cancel|Confirm|No data|No Data|Search|Please|Select|Required|Operation|Actions?|undefined|null|NaN|\[object Object\])\b/;

/** What a finished screen must not show: English UI words, raw `${…}` templates, unloaded icon fonts. */
export async function screenProblems(page: Page): Promise<string[]> {
  const problems: string[] = [];
  const text = await page.locator('body').innerText();
  const english = UNTRANSLATED.exec(text);
  if (english) problems.push(`untranslated text: "${english[0]}"`);
  if (/\$\{[^}]*\}/.test(text)) problems.push('an unresolved ${…} template is visible');
  const iconsLoaded = await page.evaluate(async () => {
    await document.fonts.ready;
    const icons = document.querySelectorAll('i.fa');
    return icons.length === 0 || document.fonts.check('900 16px "Font Awesome 6 Free"');
  });
  if (!iconsLoaded) problems.push('Font Awesome is not loaded: icons are broken');
  const cjk = await page.evaluate(() => document.fonts.check('16px "Noto Sans CJK SC"') || document.fonts.check('16px sans-serif', '中文'));
  if (!cjk) problems.push('no font for Chinese text');
  return problems;
}
