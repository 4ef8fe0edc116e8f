import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import { demoAccountsMarkdown } from './demo-accounts.js';

/** docs/demo-accounts.md, where the generated page lives. */
export const DEMO_ACCOUNTS_DOC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../docs/demo-accounts.md');

/** The page as the repository keeps it: generated, then formatted with the repository's Prettier settings. */
export async function demoAccountsDoc(): Promise<string> {
  const config = (await prettier.resolveConfig(DEMO_ACCOUNTS_DOC)) ?? {};
  return prettier.format(demoAccountsMarkdown(), { ...config, parser: 'markdown' });
}
