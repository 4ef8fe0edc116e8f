import type { Sequelize, Transaction } from 'sequelize';
import type { BuildingNodeRow } from './building-node.model.js';

/**
 * Extension points for modules that hang data under the building tree (houses, tickets …), so the
 * tree never imports them:
 * - a delete guard answers a Chinese reason when the node may not be deleted (e.g. '该单元下仍有房屋'),
 *   checked inside the delete transaction after the "no child nodes" rule;
 * - a related counter adds one key to the `related` summary of a node's detail (e.g. `houses`).
 * Register them once at module load (e.g. from the houses routes file).
 */
export type BuildingDeleteGuard = (db: Sequelize, node: BuildingNodeRow, tx: Transaction) => Promise<string | null>;
export type BuildingRelatedCounter = (db: Sequelize, node: BuildingNodeRow) => Promise<number>;

/** Called in the change's transaction after a node was renamed or moved (stored addresses below it go stale). */
export type BuildingRenameListener = (db: Sequelize, nodeId: number, tx: Transaction) => Promise<unknown>;

const deleteGuards: BuildingDeleteGuard[] = [];
const renameListeners: BuildingRenameListener[] = [];

export function onBuildingRenamedOrMoved(listener: BuildingRenameListener): void {
  if (!renameListeners.includes(listener)) renameListeners.push(listener);
}

export async function notifyRenamedOrMoved(db: Sequelize, nodeId: number, tx: Transaction): Promise<void> {
  for (const l of renameListeners) await l(db, nodeId, tx);
}
const relatedCounters = new Map<string, BuildingRelatedCounter>();

export function addBuildingDeleteGuard(guard: BuildingDeleteGuard): void {
  if (!deleteGuards.includes(guard)) deleteGuards.push(guard);
}

export function addBuildingRelatedCounter(key: string, counter: BuildingRelatedCounter): void {
  if (key === 'descendants' || key === 'byType') throw new Error(`related key ${key} is reserved`);
  relatedCounters.set(key, counter);
}

/** The first reason a registered guard gives against deleting `node`, or null. */
export async function deleteBlocker(db: Sequelize, node: BuildingNodeRow, tx: Transaction): Promise<string | null> {
  for (const guard of deleteGuards) {
    const reason = await guard(db, node, tx);
    if (reason) return reason;
  }
  return null;
}

export async function relatedCounts(db: Sequelize, node: BuildingNodeRow): Promise<Record<string, number>> {
  const entries = await Promise.all([...relatedCounters].map(async ([key, count]) => [key, await count(db, node)] as const));
  return Object.fromEntries(entries);
}
