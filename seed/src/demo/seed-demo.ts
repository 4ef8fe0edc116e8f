import type { Services } from '@warmline/server';
import { auditCount, seedGroup, stationIdsOf, withTenantWriter, type BulkCounts } from '@warmline/server/seeding';
import { DEMO_PROFILE, generateHouseholds } from '../gen/households.js';
import { Prng } from '../gen/prng.js';
import { DEMO_PASSWORD, demoAccounts } from './demo-accounts.js';
import { seedDemoSla } from './demo-sla.js';
import { seedDemoKnowledgeBase } from './demo-knowledge-base.js';
import { seedDemoTicketTypes } from './demo-ticket-types.js';
import { DEMO_GROUP_NAME, DEMO_SUBSIDIARIES, demoOrgPlan, type DemoSubsidiary } from './demo-org.js';

export const DEMO_SEED_ACTION = 'seed.demo';

export interface DemoSeedSummary {
  /** False when the demo data set was already there (nothing written). */
  seeded: boolean;
  orgUnits: number;
  users: number;
  subsidiaries: Array<{ code: string; id: number } & BulkCounts>;
  seconds: number;
}

/** A fixed seed per subsidiary: its data does not change when another subsidiary's plan does. */
const seedOf = (code: string) => [...code].reduce((h, ch) => (Math.imul(h, 31) + ch.charCodeAt(0)) >>> 0, 2026);

async function seedSubsidiary(services: Services, s: DemoSubsidiary, subsidiaryId: number) {
  const stationIds = await stationIdsOf(services, subsidiaryId);
  const { counts, result } = await withTenantWriter(services, subsidiaryId, async (writer, tenant) => {
    const generated = await generateHouseholds(
      writer,
      {
        households: s.households,
        profile: DEMO_PROFILE,
        codePrefix: s.prefix.toUpperCase(),
        areaCode: tenant.areaCode ?? s.areaCode,
        stationIds,
        existing: { heatSources: 0, communities: 0, customers: 0, houses: 0 },
      },
      new Prng(seedOf(s.code)),
    );
    await writer.audit({
      action: DEMO_SEED_ACTION,
      entityType: 'seed',
      orgId: subsidiaryId,
      reason: '演示数据',
      after: { ...writer.counts, ...generated },
    });
    return generated;
  });
  services.logger.info({ subsidiary: s.code, ...counts, communities: result.communities }, 'demo seed: subsidiary data written');
  return counts;
}

/**
 * Seed the demo data set (first start with WARMLINE_SEED_DEMO=true): org tree, accounts, and per
 * subsidiary building trees with houses, heating customers and phones. The group part is one
 * transaction, each subsidiary's part another; a subsidiary already holding its demo data is left
 * alone, so a run interrupted half-way completes on the next call and a finished one is a no-op.
 */
export async function seedDemo(services: Services): Promise<DemoSeedSummary> {
  const started = performance.now();
  let orgUnits = 0;
  let users = 0;
  if ((await auditCount(services, DEMO_SEED_ACTION)) === 0) {
    const accounts = demoAccounts();
    const group = await seedGroup(services, {
      rootName: DEMO_GROUP_NAME,
      orgs: demoOrgPlan(),
      users: accounts,
      password: DEMO_PASSWORD,
      audit: {
        action: DEMO_SEED_ACTION,
        reason: '演示数据',
        after: { orgUnits: demoOrgPlan().length, users: accounts.map((a) => a.username) },
      },
    });
    orgUnits = group.createdOrgs;
    users = group.createdUsers;
    services.logger.info({ orgUnits, users }, 'demo seed: org tree and accounts written');
  }
  await seedDemoSla(services);
  await seedDemoKnowledgeBase(services);
  await seedDemoTicketTypes(services);

  const all = await services.orgs.all();
  const subsidiaries: DemoSeedSummary['subsidiaries'] = [];
  for (const s of DEMO_SUBSIDIARIES) {
    const org = all.find((o) => o.code === s.code && o.type === 'subsidiary');
    if (!org) throw new Error(`演示分公司不存在：${s.code}`);
    if ((await auditCount(services, DEMO_SEED_ACTION, org.id)) > 0) continue;
    subsidiaries.push({ code: s.code, id: org.id, ...(await seedSubsidiary(services, s, org.id)) });
  }
  const seconds = Math.round((performance.now() - started) / 10) / 100;
  const seeded = orgUnits > 0 || subsidiaries.length > 0;
  services.logger.info({ seconds, seeded }, seeded ? 'demo seed finished' : 'demo seed: already present, nothing to do');
  return { seeded, orgUnits, users, subsidiaries, seconds };
}
