import { z } from 'zod';
import { idSchema, nonEmptyPatch, reasonSchema, text } from './common.js';

/**
 * The building tree of one subsidiary (楼宇信息): 公司 (the subsidiary, implicit root) → 热源 → 换热站 →
 * 小区 → 楼栋 → 单元. The structure is strict: each level holds only the next one.
 */
export const BUILDING_NODE_TYPES = {
  heat_source: '热源',
  substation: '换热站',
  community: '小区',
  building: '楼栋',
  unit: '单元',
} as const;
export type BuildingNodeType = keyof typeof BUILDING_NODE_TYPES;

/** Levels from the top: index 0 hangs under the subsidiary itself; depth = index + 1. */
export const BUILDING_LEVELS = Object.keys(BUILDING_NODE_TYPES) as BuildingNodeType[];
export const buildingNodeTypeSchema = z.enum(BUILDING_LEVELS as [BuildingNodeType, ...BuildingNodeType[]]);

/** The only type a node of `parent` type may hold (`null` = the subsidiary root); undefined for a unit. */
export const childTypeOf = (parent: BuildingNodeType | null): BuildingNodeType | undefined =>
  parent === null ? BUILDING_LEVELS[0] : BUILDING_LEVELS[BUILDING_LEVELS.indexOf(parent) + 1];

/** Ids in JSON bodies are real numbers (no coercion from strings or booleans). */
const bodyId = z.number().int().positive().max(2_147_483_647);
const nodeName = text(64);
/** Business code shared with the billing system (经营计费); unique within a subsidiary. */
const nodeCode = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[^\s]+$/, '编码不能包含空白字符');
const sort = z.number().int().min(0).max(1_000_000);
/** Free-form attributes (e.g. synced from the billing system); small and flat. */
const extra = z
  .record(z.string().trim().min(1).max(32), z.union([z.string().max(500), z.number().min(-1e12).max(1e12), z.boolean(), z.null()]))
  .refine((v) => Object.keys(v).length <= 20, { message: '扩展属性最多 20 项' });

export const buildingTreeQuery = z.strictObject({
  /** Load below this node only (lazy loading); omitted = below the subsidiary root. */
  rootId: idSchema.optional(),
  /** How many levels below the root to load; omitted = all. */
  depth: z.coerce.number().int().min(1).max(BUILDING_LEVELS.length).optional(),
});

export const buildingCreateBody = z.strictObject({
  /** null or omitted: a heat source directly under the subsidiary. */
  parentId: bodyId.nullable().optional(),
  type: buildingNodeTypeSchema,
  name: nodeName,
  code: nodeCode.optional(),
  sort: sort.optional(),
  /** Responsible station (org unit of type station in this subsidiary); communities only. */
  stationId: bodyId.optional(),
  extra: extra.optional(),
  reason: reasonSchema,
});

export const buildingUpdateBody = nonEmptyPatch({
  name: nodeName.optional(),
  /** null clears the code. */
  code: nodeCode.nullable().optional(),
  sort: sort.optional(),
  /** null clears the station. */
  stationId: bodyId.nullable().optional(),
  extra: extra.nullable().optional(),
  reason: reasonSchema,
});

export const buildingMoveBody = z.strictObject({
  /** The new parent; null = directly under the subsidiary (heat sources only). */
  parentId: bodyId.nullable(),
  /** Position among the new siblings; omitted = last. */
  sort: sort.optional(),
  reason: reasonSchema,
});

export const buildingReorderBody = z.strictObject({
  parentId: bodyId.nullable(),
  /** Every child of the parent, in the wanted order. */
  orderedIds: z
    .array(bodyId)
    .min(1)
    .max(2000)
    .refine((ids) => new Set(ids).size === ids.length, { message: '节点不能重复' }),
  reason: reasonSchema,
});

export const buildingChangeLogQuery = z.strictObject({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

export const buildingNode = z.object({
  id: z.number().int(),
  parentId: z.number().int().nullable(),
  type: buildingNodeTypeSchema,
  code: z.string().nullable(),
  name: z.string(),
  sort: z.number().int(),
  /** Materialized path of ids, `/1/5/` (the node itself last). */
  path: z.string(),
  /** 1 for heat sources … 5 for units (the subsidiary itself is 0). */
  depth: z.number().int(),
  stationId: z.number().int().nullable(),
  extra: z.record(z.string(), z.unknown()).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type BuildingNode = z.infer<typeof buildingNode>;

export type BuildingTreeNode = BuildingNode & { childCount: number; children: BuildingTreeNode[] };
/** `childCount` > 0 with empty `children`: not loaded yet (depth limit), ask again with `rootId`. */
export const buildingTreeNode: z.ZodType<BuildingTreeNode> = buildingNode.extend({
  childCount: z.number().int(),
  children: z.array(z.lazy(() => buildingTreeNode)),
}) as never;

export const buildingTree = z.object({
  subsidiaryId: z.number().int(),
  subsidiaryName: z.string(),
  rootId: z.number().int().nullable(),
  nodes: z.array(buildingTreeNode),
});

export const buildingAncestor = z.object({ id: z.number().int(), type: buildingNodeTypeSchema, name: z.string() });

export const buildingNodeDetail = buildingNode.extend({
  /** From the top (heat source) down to the parent. */
  ancestors: z.array(buildingAncestor),
  /** 热源/换热站/小区/楼栋/单元 names joined, the node itself included. */
  fullName: z.string(),
  stationName: z.string().nullable(),
  childCount: z.number().int(),
  /**
   * Related business data below the node. `descendants` / `byType` count tree nodes; other modules
   * add their own keys (e.g. `houses`).
   */
  related: z.looseObject({
    descendants: z.number().int(),
    byType: z.record(z.string(), z.number().int()),
  }),
});
export type BuildingNodeDetail = z.infer<typeof buildingNodeDetail>;

export const buildingChangeLogItem = z.object({
  id: z.number().int(),
  at: z.string(),
  actorId: z.number().int().nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  reason: z.string().nullable(),
});
export type BuildingChangeLogItem = z.infer<typeof buildingChangeLogItem>;

export const buildingImportResult = z.object({ created: z.number().int(), reused: z.number().int() });

/** Column keys and headers of the import/export sheet: the full path, then the leaf's code. */
export const BUILDING_SHEET_COLUMNS = [
  { key: 'heat_source', header: '热源' },
  { key: 'substation', header: '换热站' },
  { key: 'community', header: '小区' },
  { key: 'building', header: '楼栋' },
  { key: 'unit', header: '单元' },
  { key: 'code', header: '编码' },
] as const;
