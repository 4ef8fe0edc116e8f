/**
 * The seeding export (`@warmline/server/seeding`): what the seed package (demo data, large data,
 * benchmarks) may use to write data. Only the server touches the databases; the seed package
 * decides WHAT to write and calls these.
 */
export {
  BulkWriter,
  type BulkCounts,
  type SeedCustomerInput,
  type SeedHouseInput,
  type SeedNode,
  type SeedNodeInput,
  type SeedPhoneInput,
} from './bulk-writer.js';
export { withTenantWriter, stationIdsOf } from './tenant-writer.js';
export { seedGroup, type GroupSeed, type GroupSeedResult, type OrgSeed, type UserSeed } from './group-seeder.js';
export { tenantCounts, samplePhones, type SampledPhone } from './tenant-stats.js';
export { auditCount } from './seed-status.js';
export { insertRows, insertStatement, type SqlValue } from './insert-rows.js';
export { SEED_ACTOR } from './seed-actor.js';
export { normalizePhone, type NormalizedPhone, type PhoneKind } from '../modules/phones/phone-normalize.js';
export { houseAddress } from '../modules/houses/house.service.js';
export { seedSlaRules, type SlaRuleSeed } from '../modules/sla/sla-seed.js';
export { seedKnowledgeBase, type KbSeedCategory } from '../modules/knowledge-base/kb-seed.js';
export { seedIntakeForms } from '../modules/tickets/ticket-intake.seed.js';
