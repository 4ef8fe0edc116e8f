import { QueryTypes, type Sequelize } from 'sequelize';
import type { Services } from '../services.js';

async function countAction(db: Sequelize, action: string): Promise<number> {
  const [row] = await db.query<{ n: number | string }>('SELECT COUNT(*) AS n FROM audit_logs WHERE action = ?', {
    replacements: [action],
    type: QueryTypes.SELECT,
  });
  return Number(row?.n ?? 0);
}

/**
 * How many audit records of `action` (e.g. `seed.demo`) a database holds — the group database, or
 * with `subsidiaryId` that subsidiary's. 0 = that seed step never ran there.
 */
export async function auditCount(services: Services, action: string, subsidiaryId?: number): Promise<number> {
  const db = subsidiaryId === undefined ? services.dbs.group : (await services.tenants.byId(subsidiaryId)).db;
  return countAction(db, action);
}
