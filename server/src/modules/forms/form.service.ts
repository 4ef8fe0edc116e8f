import { UniqueConstraintError, type Sequelize, type Transaction } from 'sequelize';
import type { z } from 'zod';
import { formSchemaProblems, type FormSchema } from '@warmline/forms';
import type {
  ErrorDetail,
  FormDetail,
  FormListItem,
  FormOwner,
  FormSaveResult,
  FormVersionDetail,
  FormVersionItem,
  Permission,
  formListQuery,
  formRollbackBody,
  formSaveBody,
} from '@warmline/contracts';
import type { AuditEntry } from '../../audit/audit.types.js';
import type { AuthUser } from '../../auth/auth-user.js';
import { AppError, conflict, forbidden, invalid, notFound } from '../../core/app-error.js';
import type { Services } from '../../services.js';
import { formModel, formVersionModel, type FormRow, type FormVersionRow } from './form.model.js';
import { appendFormVersion, lockForm } from './form-versions.js';
import { deployFormAfterCommit } from './form-zeebe.js';

type Audit = (e: AuditEntry) => Promise<void>;
interface Change {
  user: AuthUser;
  tx: Transaction;
  audit: Audit;
}

/**
 * Who may read forms: whoever works tasks or takes tickets (they fill forms in), designs processes
 * (picks forms for user tasks) or maintains forms.
 */
export const FORM_READERS: readonly Permission[] = ['task:work', 'ticket:create', 'process:read', 'form:manage'];

const iso = (d: Date | string) => new Date(d).toISOString();
const parseSchema = (raw: string) => JSON.parse(raw) as Record<string, unknown>;

function assertReader(user: AuthUser) {
  if (!FORM_READERS.some((p) => user.permissions.has(p))) throw forbidden('没有查看表单的权限');
}

/** Group and division staff see every form; a subsidiary's users see the group's forms and their own. */
const maySee = (user: AuthUser, form: Pick<FormRow, 'owner_org_id'>) =>
  user.subsidiaryId === null || form.owner_org_id === null || form.owner_org_id === user.subsidiaryId;

/** Saving needs form:manage and an owner of one's own: a subsidiary keeps to its forms, group forms are read-only to it. */
const mayEdit = (user: AuthUser, form: Pick<FormRow, 'owner_org_id'>) =>
  user.permissions.has('form:manage') && (user.subsidiaryId === null || form.owner_org_id === user.subsidiaryId);

async function ownerOf(services: Services, ownerOrgId: number | null): Promise<FormOwner> {
  if (ownerOrgId === null) {
    const root = (await services.orgs.all()).find((o) => o.parent_id === null);
    return { subsidiaryId: null, name: root?.name ?? '集团' };
  }
  return { subsidiaryId: ownerOrgId, name: (await services.orgs.get(ownerOrgId))?.name ?? `单位 ${ownerOrgId}` };
}

/** Audit records of a form belong to its owner (the group root for group forms). */
async function auditOrgOf(services: Services, ownerOrgId: number | null) {
  return ownerOrgId ?? (await services.orgs.all()).find((o) => o.parent_id === null)?.id ?? null;
}

async function toListItem(services: Services, user: AuthUser, f: FormRow): Promise<FormListItem> {
  return {
    formId: f.form_id,
    name: f.name,
    version: f.current_version,
    owner: await ownerOf(services, f.owner_org_id),
    source: f.shipped_hash === null ? 'custom' : 'shipped',
    updatedAt: iso(f.updated_at),
    editable: mayEdit(user, f),
  };
}

const toVersionItem = (v: Omit<FormVersionRow, 'schema_json'>): FormVersionItem => ({
  version: v.version,
  name: v.name,
  comment: v.comment,
  createdAt: iso(v.created_at),
  createdBy: v.created_by_name,
  source: v.source,
});

export async function listForms(
  services: Services,
  user: AuthUser,
  query: z.output<typeof formListQuery>,
): Promise<{ items: FormListItem[] }> {
  assertReader(user);
  const rows = await formModel(services.dbs.group).findAll({ order: [['form_id', 'ASC']], raw: true });
  const q = query.q?.toLowerCase();
  const visible = rows.filter((f) => maySee(user, f) && (!q || f.form_id.includes(q) || f.name.toLowerCase().includes(q)));
  return { items: await Promise.all(visible.map((f) => toListItem(services, user, f))) };
}

/** A form the user may see; a subsidiary's form is not found for another subsidiary's users. */
async function findForm(services: Services, user: AuthUser, formId: string) {
  const row = await formModel(services.dbs.group).findOne({ where: { form_id: formId }, raw: true });
  if (!row || !maySee(user, row)) throw notFound('表单');
  return row;
}

const findVersion = (services: Services, formId: string, version: number, tx?: Transaction) =>
  formVersionModel(services.dbs.group).findOne({ where: { form_id: formId, version }, raw: true, transaction: tx });

export async function getForm(services: Services, user: AuthUser, formId: string): Promise<FormDetail> {
  assertReader(user);
  const form = await findForm(services, user, formId);
  const current = await findVersion(services, formId, form.current_version);
  if (!current) throw notFound('表单版本');
  return { ...(await toListItem(services, user, form)), schema: parseSchema(current.schema_json), updatedBy: current.created_by_name };
}

export async function listFormVersions(services: Services, user: AuthUser, formId: string): Promise<{ items: FormVersionItem[] }> {
  assertReader(user);
  await findForm(services, user, formId);
  const rows = await formVersionModel(services.dbs.group).findAll({
    where: { form_id: formId },
    attributes: { exclude: ['schema_json'] },
    order: [['version', 'DESC']],
    raw: true,
  });
  return { items: rows.map(toVersionItem) };
}

export async function getFormVersion(services: Services, user: AuthUser, formId: string, version: number): Promise<FormVersionDetail> {
  assertReader(user);
  await findForm(services, user, formId);
  const row = await findVersion(services, formId, version);
  if (!row) throw notFound('表单版本');
  return { formId, ...toVersionItem(row), schema: parseSchema(row.schema_json) };
}

/** 422 FORM_INVALID naming each problem of a schema as `body.schema.<path>`, in Chinese. */
function assertUsableSchema(schema: Record<string, unknown>, formId: string) {
  const problems = formSchemaProblems(schema, formId);
  if (!problems.length) return;
  const details: ErrorDetail[] = problems.map((p) => ({ field: p.path ? `body.schema.${p.path}` : 'body.schema', message: p.zh }));
  throw new AppError('FORM_INVALID', `表单定义有 ${details.length} 处问题，未保存`, details);
}

const authorOf = (user: AuthUser) => ({ id: user.id, name: user.displayName });

/** A new form row; two first saves of one id at once: the unique index lets one win, the other answers 409. */
async function createForm(db: Sequelize, formId: string, name: string, ownerOrgId: number | null, tx: Transaction) {
  try {
    return await formModel(db).create(
      { form_id: formId, name, owner_org_id: ownerOrgId, current_version: 0, shipped_hash: null },
      { transaction: tx },
    );
  } catch (err) {
    if (err instanceof UniqueConstraintError) throw conflict(`表单 ${formId} 刚被其他人创建，请刷新后再保存`);
    throw err;
  }
}

/**
 * Save a form: a new version, live at once for tasks and intake. An unknown form id creates the
 * form, owned by the saver's subsidiary (the group for group staff). The schema must be usable by
 * the server-side validator and its `id` must be the form id.
 */
export async function saveForm(
  services: Services,
  formId: string,
  body: z.output<typeof formSaveBody>,
  { user, tx, audit }: Change,
): Promise<FormSaveResult> {
  const db = services.dbs.group;
  const existing = await lockForm(db, formId, tx);
  if (existing && !maySee(user, existing)) throw conflict(`表单编号 ${formId} 已被其他单位使用，请换一个编号`);
  if (existing && !mayEdit(user, existing)) throw forbidden('集团表单对子公司只读，不能修改；可以新建本公司的表单');
  assertUsableSchema(body.schema, formId);
  const schemaJson = JSON.stringify(body.schema);
  const comment = body.comment || null;
  const form = existing ?? (await createForm(db, formId, body.name, user.subsidiaryId, tx));
  const previous = existing ? { formId, name: existing.name, version: existing.current_version } : null;
  const row = await appendFormVersion(db, form, { name: body.name, schemaJson, source: 'edited', comment, author: authorOf(user) }, tx);
  await audit({
    action: existing ? 'form.save' : 'form.create',
    entityType: 'form',
    entityId: formId,
    orgId: await auditOrgOf(services, form.owner_org_id),
    before: previous,
    after: { formId, name: row.name, version: row.version, source: row.source, comment, bytes: Buffer.byteLength(schemaJson, 'utf8') },
    reason: comment,
  });
  deployFormAfterCommit(services, tx, formId);
  return { formId, version: row.version, created: !existing };
}

/** Make an earlier version current again, as a new version holding a copy of its schema and name. */
export async function rollbackForm(
  services: Services,
  formId: string,
  body: z.output<typeof formRollbackBody>,
  { user, tx, audit }: Change,
): Promise<FormSaveResult> {
  const db = services.dbs.group;
  const form = await lockForm(db, formId, tx);
  if (!form || !maySee(user, form)) throw notFound('表单');
  if (!mayEdit(user, form)) throw forbidden('集团表单对子公司只读，不能回滚');
  const target = await findVersion(services, formId, body.version, tx);
  if (!target) throw invalid('body.version', `该表单没有第 ${body.version} 版`);
  const previous = form.current_version;
  const comment = body.comment || `回滚到第 ${body.version} 版`;
  const row = await appendFormVersion(
    db,
    form,
    { name: target.name, schemaJson: target.schema_json, source: 'rollback', comment, author: authorOf(user) },
    tx,
  );
  await audit({
    action: 'form.rollback',
    entityType: 'form',
    entityId: formId,
    orgId: await auditOrgOf(services, form.owner_org_id),
    before: { formId, version: previous },
    after: { formId, version: row.version, source: row.source, copiedFrom: body.version, comment },
    reason: comment,
  });
  deployFormAfterCommit(services, tx, formId);
  return { formId, version: row.version, created: false };
}

/** A form as tasks and intake validate against it: its current stored version. */
export interface ResolvedForm {
  formId: string;
  version: number;
  name: string;
  schema: FormSchema;
}

/**
 * The one resolver of form ids on the server (tasks, intake, ticket types): the current version in
 * the group database, read on every call, so a save or rollback applies to the next submission.
 * Undefined when no such form exists. `tx`: read inside a group transaction the caller holds.
 */
export async function resolveForm(services: Services, formId: string, tx?: Transaction): Promise<ResolvedForm | undefined> {
  const db = services.dbs.group;
  const form = await formModel(db).findOne({ where: { form_id: formId }, raw: true, transaction: tx });
  if (!form) return undefined;
  const current = await findVersion(services, formId, form.current_version, tx);
  if (!current) return undefined;
  return { formId, version: current.version, name: current.name, schema: JSON.parse(current.schema_json) as FormSchema };
}
