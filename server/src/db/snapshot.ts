import type { Model } from 'sequelize';

/**
 * A detached plain copy of a row, for audit `before` values. `row.get({ plain: true })` shares
 * nested objects with the instance, so a later `update()` would change the "before" too.
 */
export const snapshot = <M extends Model>(row: M): M['_attributes'] => structuredClone(row.get({ plain: true })) as M['_attributes'];
