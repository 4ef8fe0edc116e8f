import type { AuditActor } from '../audit/audit.writer.js';

/** Who the audit log names for data written by the seed tools (no user, no request). */
export const SEED_ACTOR: AuditActor = { id: null, name: '系统初始化', requestId: null, ip: null };
