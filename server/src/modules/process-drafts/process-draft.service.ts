import { UniqueConstraintError, type Transaction } from 'sequelize';
import type {
  ProcessDraftDetail,
  ProcessDraftFreshness,
  ProcessDraftItem,
  ProcessDraftSaveBody,
  ProcessDraftSaveResult,
} from '@warmline/contracts';
import type { AuditEntry } from '../../audit/audit.types.js';
import type { AuthUser } from '../../auth/auth-user.js';
import { conflict, notFound } from '../../core/app-error.js';
import type { Services } from '../../services.js';
import { isoTimestamp as iso } from '../process-definitions/process-definition.query.js';
import { processDraftModel, type ProcessDraftRow } from './process-draft.model.js';
import { changingOwnerOf, draftOwnerOf, type DraftOwner } from './process-draft.scope.js';
import { checkDraftXml } from './process-draft.xml.js';

type Audit = (e: AuditEntry) => Promise<void>;
interface Change {
  user: AuthUser;
  tx: Transaction;
  audit: Audit;
}
type DraftHead = Omit<ProcessDraftRow, 'xml'>;
interface Deployed {
  version: number;
  deployedAt: string | null;
}

const bytesOf = (xml: string) => Buffer.byteLength(xml, 'utf8');

/** A save time as people read it here: `2026-11-24 16:05` (Asia/Shanghai). */
const shownTime = (d: Date | string) =>
  new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso(d)));

/** The latest deployed version of each process of the owner (its own tenant, not the group's for a subsidiary). */
async function latestDeployed(services: Services, owner: DraftOwner): Promise<Map<string, Deployed>> {
  const latest = new Map<string, Deployed>();
  for (const d of await services.engine.listDefinitions(owner.key)) {
    if (d.tenantId !== owner.key) continue;
    const seen = latest.get(d.processId);
    if (!seen || d.version > seen.version) latest.set(d.processId, { version: d.version, deployedAt: d.deployedAt });
  }
  return latest;
}

/**
 * How a draft stands to the deployed process: saved after the latest deploy → `newer`; deployed
 * since → `older`. When the times cannot tell (no deploy time from Zeebe, or both in one second on a
 * database keeping whole seconds), the version the draft was based on decides.
 */
function freshnessOf(row: DraftHead, deployed: Deployed | undefined): ProcessDraftFreshness {
  if (!deployed) return 'undeployed';
  const saved = new Date(iso(row.updated_at)).getTime();
  const at = deployed.deployedAt ? new Date(deployed.deployedAt).getTime() : Number.NaN;
  if (!Number.isNaN(at) && saved !== at) return saved > at ? 'newer' : 'older';
  return (row.based_on_version ?? 0) >= deployed.version ? 'newer' : 'older';
}

function toItem(row: DraftHead, deployed: Deployed | undefined): ProcessDraftItem {
  return {
    processId: row.process_id,
    name: row.name,
    owner: row.owner_key,
    basedOnVersion: row.based_on_version,
    revision: row.revision,
    updatedBy: row.updated_by_name,
    updatedAt: iso(row.updated_at),
    deployedVersion: deployed?.version ?? null,
    deployedAt: deployed?.deployedAt ?? null,
    freshness: freshnessOf(row, deployed),
  };
}

/** The drafts of the user's owner (the group's for group staff, the own subsidiary's for its users), newest first. */
export async function listDrafts(services: Services, user: AuthUser): Promise<{ items: ProcessDraftItem[] }> {
  const owner = await draftOwnerOf(services, user);
  if (!owner) return { items: [] };
  const rows = await processDraftModel(services.dbs.group).findAll({
    where: { owner_key: owner.key },
    attributes: { exclude: ['xml'] },
    order: [['updated_at', 'DESC']],
    raw: true,
  });
  const deployed = rows.length ? await latestDeployed(services, owner) : new Map<string, Deployed>();
  return { items: rows.map((r) => toItem(r, deployed.get(r.process_id))) };
}

export async function getDraft(services: Services, user: AuthUser, processId: string): Promise<ProcessDraftDetail> {
  const owner = await draftOwnerOf(services, user);
  const row = owner
    ? await processDraftModel(services.dbs.group).findOne({ where: { owner_key: owner.key, process_id: processId }, raw: true })
    : null;
  if (!owner || !row) throw notFound('流程草稿');
  const deployed = (await latestDeployed(services, owner)).get(processId);
  return { ...toItem(row, deployed), xml: row.xml };
}

/** 409 for a save or discard that does not know the draft's current revision: names who saved it and when. */
function staleRevision(row: DraftHead, user: AuthUser, known: number | null, verb: string) {
  const self = row.updated_by === user.id;
  const who = self ? '您本人' : (row.updated_by_name ?? '其他用户');
  const when = shownTime(row.updated_at);
  const message =
    known === null
      ? `此流程已有草稿：${who} 于 ${when} 保存过（第 ${row.revision} 次保存）。您的修改未${verb}，请先打开该草稿`
      : `${self ? '草稿已在另一个窗口或会话中被修改' : '草稿已被他人修改'}：${who} 于 ${when} 保存了第 ${row.revision} 次修订（您打开的是第 ${known} 次）。您的修改未${verb}，请重新打开草稿后再改`;
  return conflict(message, [{ field: 'body.revision', message: `服务器上的草稿为第 ${row.revision} 次修订` }]);
}

const lockDraft = (services: Services, owner: DraftOwner, processId: string, tx: Transaction) =>
  processDraftModel(services.dbs.group).findOne({
    where: { owner_key: owner.key, process_id: processId },
    transaction: tx,
    lock: tx.LOCK.UPDATE,
  });

const entityId = (owner: DraftOwner, processId: string) => `${owner.key}:${processId}`.slice(0, 64);

/**
 * Save a draft: create it (revision 1) or replace it when the client names its current revision
 * (409 otherwise, saying who saved the newer one and when). The XML must be BPMN holding the process
 * (422); the owner must be one that may deploy it (403). Nothing is deployed.
 */
export async function saveDraft(
  services: Services,
  processId: string,
  body: ProcessDraftSaveBody,
  { user, tx, audit }: Change,
): Promise<ProcessDraftSaveResult> {
  const owner = await changingOwnerOf(services, user);
  await checkDraftXml(body.xml, processId, owner);
  const existing = await lockDraft(services, owner, processId, tx);
  if (existing && existing.revision !== body.revision) throw staleRevision(existing, user, body.revision, '保存');
  const values = {
    name: body.name,
    xml: body.xml,
    based_on_version: body.basedOnVersion,
    updated_by: user.id,
    updated_by_name: user.displayName.slice(0, 64),
  };
  let row: ProcessDraftRow;
  if (existing) {
    const before = { revision: existing.revision, basedOnVersion: existing.based_on_version, bytes: bytesOf(existing.xml) };
    await existing.update({ ...values, revision: existing.revision + 1 }, { transaction: tx });
    row = existing.get({ plain: true });
    await audit({
      action: 'process_draft.save',
      entityType: 'process_draft',
      entityId: entityId(owner, processId),
      orgId: owner.auditOrgId,
      before,
      after: {
        owner: owner.key,
        processId,
        name: row.name,
        revision: row.revision,
        basedOnVersion: row.based_on_version,
        bytes: bytesOf(row.xml),
      },
    });
  } else {
    try {
      const created = await processDraftModel(services.dbs.group).create(
        { ...values, owner_key: owner.key, owner_org_id: owner.subsidiaryId, process_id: processId, revision: 1 },
        { transaction: tx },
      );
      row = created.get({ plain: true });
    } catch (err) {
      if (err instanceof UniqueConstraintError) throw conflict('此流程的草稿刚被其他人创建，您的修改未保存，请先打开该草稿');
      throw err;
    }
    await audit({
      action: 'process_draft.create',
      entityType: 'process_draft',
      entityId: entityId(owner, processId),
      orgId: owner.auditOrgId,
      after: { owner: owner.key, processId, name: row.name, revision: 1, basedOnVersion: row.based_on_version, bytes: bytesOf(row.xml) },
    });
  }
  return { processId, revision: row.revision, updatedBy: row.updated_by_name, updatedAt: iso(row.updated_at), created: !existing };
}

/** Discard a draft (with `revision`: only that revision, 409 when someone saved since). Deployed versions are untouched. */
export async function discardDraft(
  services: Services,
  processId: string,
  revision: number | undefined,
  { user, tx, audit }: Change,
): Promise<{ ok: true }> {
  const owner = await changingOwnerOf(services, user);
  const existing = await lockDraft(services, owner, processId, tx);
  if (!existing) throw notFound('流程草稿');
  if (revision !== undefined && existing.revision !== revision) throw staleRevision(existing, user, revision, '丢弃');
  await audit({
    action: 'process_draft.discard',
    entityType: 'process_draft',
    entityId: entityId(owner, processId),
    orgId: owner.auditOrgId,
    before: {
      owner: owner.key,
      processId,
      name: existing.name,
      revision: existing.revision,
      basedOnVersion: existing.based_on_version,
      updatedBy: existing.updated_by_name,
      bytes: bytesOf(existing.xml),
    },
  });
  await existing.destroy({ transaction: tx });
  return { ok: true };
}
