import type { Model } from 'sequelize';

/**
 * A detached plain copy of a row, for audit `before` values. `row.get({ plain: true })` shares
 * nested objects with the instance, so a later `update()` would change the "before" too.
 */
export const snapshot = <T extends object>(row: Model<T>): T => structuredClone(row.get({ plain: true })) as T;
