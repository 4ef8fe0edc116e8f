import { Op, type Transaction } from 'sequelize';
import type { z } from 'zod';
import {
  APPROVAL_OPERATION_CODES,
  type ApprovalChains,
  type ApprovalChainsView,
  type ApprovalLevel,
  type ApprovalOperation,
  type groupApprovalChainsBody,
  type subsidiaryApprovalChainsBody,
} from '@warmline/contracts';
import type { AuditEntry } from '../../audit/audit.types.js';
import type { Services } from '../../services.js';
import { groupRootOrgId } from '../business-calendars/group-root.js';
import { approvalChainModel, type ApprovalChainRow } from './approval-chain.model.js';

type Audit = (e: AuditEntry) => Promise<void>;

const emptyChains = (): ApprovalChains =>
  Object.fromEntries(APPROVAL_OPERATION_CODES.map((op) => [op, [] as ApprovalLevel[]])) as unknown as ApprovalChains;

const isOperation = (op: string): op is ApprovalOperation => (APPROVAL_OPERATION_CODES as string[]).includes(op);

function fold(rows: ApprovalChainRow[], into: ApprovalChains): ApprovalOperation[] {
  const applied: ApprovalOperation[] = [];
  for (const r of rows) {
    if (!isOperation(r.operation)) continue;
    into[r.operation] = JSON.parse(r.levels_json) as ApprovalLevel[];
    applied.push(r.operation);
  }
  return applied;
}

const rowsOf = (services: Services, subsidiaryId: number | null, tx?: Transaction) =>
  approvalChainModel(services.dbs.group).findAll({
    where: { subsidiary_id: subsidiaryId === null ? { [Op.is]: null } : subsidiaryId },
    raw: true,
    transaction: tx,
  });

/** The group defaults per operation (an operation without a row needs no approval). */
export async function groupChains(services: Services, tx?: Transaction): Promise<ApprovalChains> {
  const chains = emptyChains();
  fold(await rowsOf(services, null, tx), chains);
  return chains;
}

/**
 * The chains a ticket of this subsidiary uses: the subsidiary's own rows override the group
 * defaults per operation. The ticket start puts the result into the `approvalChains` variable.
 */
export async function effectiveChains(services: Services, subsidiaryId: number, tx?: Transaction): Promise<ApprovalChains> {
  return (await subsidiaryView(services, subsidiaryId, tx)).chains as ApprovalChains;
}

export async function groupView(services: Services, tx?: Transaction): Promise<ApprovalChainsView> {
  return { subsidiaryId: null, chains: await groupChains(services, tx), overridden: [] };
}

export async function subsidiaryView(services: Services, subsidiaryId: number, tx?: Transaction): Promise<ApprovalChainsView> {
  const chains = await groupChains(services, tx);
  const overridden = fold(await rowsOf(services, subsidiaryId, tx), chains);
  return { subsidiaryId, chains, overridden };
}

async function upsert(
  services: Services,
  subsidiaryId: number | null,
  op: ApprovalOperation,
  levels: ApprovalLevel[] | null,
  tx: Transaction,
) {
  const model = approvalChainModel(services.dbs.group);
  const where = { subsidiary_id: subsidiaryId === null ? { [Op.is]: null } : subsidiaryId, operation: op };
  if (levels === null) {
    await model.destroy({ where, transaction: tx });
    return;
  }
  const existing = await model.findOne({ where, transaction: tx });
  if (existing) await existing.update({ levels_json: JSON.stringify(levels) }, { transaction: tx });
  else await model.create({ subsidiary_id: subsidiaryId, operation: op, levels_json: JSON.stringify(levels) }, { transaction: tx });
}

export async function putGroupChains(services: Services, body: z.output<typeof groupApprovalChainsBody>, tx: Transaction, audit: Audit) {
  const before = await groupChains(services, tx);
  for (const [op, levels] of Object.entries(body.chains)) if (levels) await upsert(services, null, op as ApprovalOperation, levels, tx);
  const view = await groupView(services, tx);
  await audit({
    action: 'approval-chain.group.update',
    entityType: 'approval_chain',
    entityId: null,
    orgId: await groupRootOrgId(services),
    before,
    after: view.chains,
    reason: body.reason,
  });
  return view;
}

export async function putSubsidiaryChains(
  services: Services,
  subsidiaryId: number,
  body: z.output<typeof subsidiaryApprovalChainsBody>,
  tx: Transaction,
  audit: Audit,
) {
  const before = await subsidiaryView(services, subsidiaryId, tx);
  for (const [op, levels] of Object.entries(body.chains)) {
    if (levels !== undefined) await upsert(services, subsidiaryId, op as ApprovalOperation, levels, tx);
  }
  const view = await subsidiaryView(services, subsidiaryId, tx);
  await audit({
    action: 'approval-chain.subsidiary.update',
    entityType: 'approval_chain',
    entityId: subsidiaryId,
    orgId: subsidiaryId,
    before,
    after: view,
    reason: body.reason,
  });
  return view;
}

/** First start: the group defaults, when no chain is configured at all. */
export async function ensureDefaultChains(services: Services, defaults: ApprovalChains, tx: Transaction): Promise<boolean> {
  if ((await approvalChainModel(services.dbs.group).count({ transaction: tx })) > 0) return false;
  for (const op of APPROVAL_OPERATION_CODES) await upsert(services, null, op, defaults[op], tx);
  return true;
}
