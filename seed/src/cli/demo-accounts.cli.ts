import fs from 'node:fs';
import { DEMO_ACCOUNTS_DOC, demoAccountsDoc } from '../demo/demo-accounts-doc.js';

/** Writes docs/demo-accounts.md from the demo account plan (`--check`: fail when it is out of date). */
const wanted = await demoAccountsDoc();
if (process.argv.includes('--check')) {
  const current = fs.existsSync(DEMO_ACCOUNTS_DOC) ? fs.readFileSync(DEMO_ACCOUNTS_DOC, 'utf8') : '';
  if (current !== wanted) {
    console.error(`${DEMO_ACCOUNTS_DOC} is out of date: run node --import tsx seed/src/cli/demo-accounts.cli.ts`);
    process.exit(1);
  }
} else {
  fs.writeFileSync(DEMO_ACCOUNTS_DOC, wanted);
  console.log(`wrote ${DEMO_ACCOUNTS_DOC}`);
}
