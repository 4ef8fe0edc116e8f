import type { MigrationFn } from '../../migrator.js';
import { col } from '../../columns.js';

/** The building tree of a subsidiary: 热源 → 换热站 → 小区 → 楼栋 → 单元 (the subsidiary itself is the implicit root). */
export const up: MigrationFn = async ({ qi }) => {
  await qi.createTable('building_nodes', {
    id: col.id(),
    /** null: directly under the subsidiary (heat sources). */
    parent_id: col.fk(true),
    type: col.str(16),
    /** Business code shared with the billing system; NULLs allowed, otherwise unique. */
    code: col.str(64, true),
    name: col.str(64),
    sort: col.int(false, 0),
    /** Materialized path of ids including the node itself: `/1/5/`. */
    path: col.str(255),
    depth: col.int(false, 1),
    /** Responsible station (group org unit id), for communities. */
    station_id: col.fk(true),
    extra: col.text(),
    ...col.timestamps(),
  });
  await qi.addIndex('building_nodes', ['parent_id', 'sort']);
  await qi.addIndex('building_nodes', ['path']);
  await qi.addIndex('building_nodes', ['code'], { unique: true, name: 'building_nodes_code_unique' });
  await qi.addIndex('building_nodes', ['depth']);
};
