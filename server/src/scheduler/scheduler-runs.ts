import { UniqueConstraintError, type Sequelize } from 'sequelize';

/**
 * Claim one run of `job` for `slot` (the cron's scheduled instant). The unique (job, slot) index lets
 * exactly one process win, whichever process and however many: the others skip the slot.
 */
export async function claimRun(group: Sequelize, job: string, slot: string, owner: string): Promise<boolean> {
  try {
    await group.getQueryInterface().bulkInsert('scheduler_runs', [{ job, slot, owner, started_at: new Date() }]);
    return true;
  } catch (err) {
    if (err instanceof UniqueConstraintError) return false;
    throw err;
  }
}

export async function finishRun(group: Sequelize, job: string, slot: string, result: string): Promise<void> {
  await group.query('UPDATE scheduler_runs SET finished_at = ?, result = ? WHERE job = ? AND slot = ?', {
    replacements: [new Date(), result.slice(0, 1000), job, slot],
  });
}

/** A slot names the scheduled instant to the second, so processes firing a few milliseconds apart agree. */
export const slotOf = (scheduledAt: Date) => scheduledAt.toISOString().slice(0, 19);
