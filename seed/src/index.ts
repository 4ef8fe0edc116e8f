export { seedDemo, DEMO_SEED_ACTION, type DemoSeedSummary } from './demo/seed-demo.js';
export { DEMO_PASSWORD, demoAccounts, demoAccountsMarkdown, type DemoAccount } from './demo/demo-accounts.js';
export { DEMO_GROUP_NAME, DEMO_HOUSEHOLDS, DEMO_STATIONS, DEMO_SUBSIDIARIES } from './demo/demo-org.js';
export { seedLarge, type LargeSeedOptions, type LargeSeedSummary } from './large/seed-large.js';
export { callerSpellings } from './gen/phones.js';
export { Prng } from './gen/prng.js';
