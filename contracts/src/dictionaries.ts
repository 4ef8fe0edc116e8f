import { z } from 'zod';
import { booleanQuery, nonEmptyPatch, optionalText, reasonSchema, text } from './common.js';

/** Codes of dictionary categories and items: stable identifiers other records store. */
export const dictCode = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{1,47}$/, '编码须以小写字母开头，由小写字母、数字、下划线组成，2–48 位');

export const DICT_EXTRA_MAX_BYTES = 2048;

/** Free-form attributes of an item (colour, default hours …): a JSON object of at most 2 KB. */
export const dictExtra = z
  .record(z.string().max(64), z.unknown())
  .refine((v) => new TextEncoder().encode(JSON.stringify(v)).length <= DICT_EXTRA_MAX_BYTES, {
    message: `附加属性不能超过 ${DICT_EXTRA_MAX_BYTES} 字节`,
  });

export const dictCategoryParams = z.strictObject({ code: dictCode });
export const dictItemParams = z.strictObject({ code: dictCode, id: z.coerce.number().int().positive().max(2_147_483_647) });

export const dictCategoryListQuery = z.strictObject({
  q: optionalText(64),
  includeDisabled: booleanQuery.optional(),
});

export const dictItemListQuery = z.strictObject({
  includeDisabled: booleanQuery.optional(),
});

export const dictCategoryCreateBody = z.strictObject({
  code: dictCode,
  name: text(64),
  description: optionalText(255),
  enabled: z.boolean().optional(),
  reason: reasonSchema,
});

export const dictCategoryUpdateBody = nonEmptyPatch({
  name: text(64).optional(),
  description: z.string().trim().max(255).nullable().optional(),
  enabled: z.boolean().optional(),
  reason: reasonSchema,
});

export const dictItemCreateBody = z.strictObject({
  code: dictCode,
  label: text(64),
  sort: z.number().int().min(0).max(100_000).optional(),
  enabled: z.boolean().optional(),
  extra: dictExtra.optional(),
  reason: reasonSchema,
});

export const dictItemUpdateBody = nonEmptyPatch({
  label: text(64).optional(),
  sort: z.number().int().min(0).max(100_000).optional(),
  enabled: z.boolean().optional(),
  /** null clears the attributes. */
  extra: dictExtra.nullable().optional(),
  reason: reasonSchema,
});

export const dictCategoryItem = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  /** Shipped with the product: cannot be deleted. */
  builtin: z.boolean(),
  enabled: z.boolean(),
  itemCount: z.number().int(),
  enabledItemCount: z.number().int(),
});
export type DictCategory = z.infer<typeof dictCategoryItem>;

export const dictItem = z.object({
  id: z.number().int(),
  category: z.string(),
  code: z.string(),
  label: z.string(),
  sort: z.number().int(),
  enabled: z.boolean(),
  /** Core items (the core ticket types) can be neither deleted nor disabled. */
  core: z.boolean(),
  extra: z.record(z.string(), z.unknown()).nullable(),
});
export type DictItem = z.infer<typeof dictItem>;

interface BuiltinDictionary {
  code: string;
  name: string;
  description: string;
  /** `core: true` items cannot be deleted or disabled. */
  items: ReadonlyArray<{ code: string; label: string; core?: boolean }>;
}

/** The core ticket types (核心工单类型): every subsidiary must handle them; the group template routes on them. */
export const CORE_TICKET_TYPES = [
  'repair',
  'complaint',
  'consultation',
  'suspend_resume',
  'temperature_check',
  'payment_reminder',
  'supervision',
  'skip_level_complaint',
] as const;
export type CoreTicketType = (typeof CORE_TICKET_TYPES)[number];

/** Dictionaries every installation starts with (seeded once; later starts add only what is missing). */
export const BUILTIN_DICTIONARIES: readonly BuiltinDictionary[] = [
  {
    code: 'ticket_type',
    name: '工单类型',
    description: '受理工单时选择的业务类型；核心类型不可删除、不可停用',
    items: [
      { code: 'repair', label: '报修', core: true },
      { code: 'complaint', label: '投诉', core: true },
      { code: 'consultation', label: '咨询', core: true },
      { code: 'suspend_resume', label: '报停/恢复', core: true },
      { code: 'temperature_check', label: '测温', core: true },
      { code: 'payment_reminder', label: '催缴', core: true },
      { code: 'supervision', label: '督办', core: true },
      { code: 'skip_level_complaint', label: '越级投诉', core: true },
    ],
  },
  {
    code: 'urgency',
    name: '紧急程度',
    description: '工单的紧急程度，参与时限计算',
    items: [
      { code: 'normal', label: '一般' },
      { code: 'urgent', label: '紧急' },
      { code: 'critical', label: '特急' },
    ],
  },
  {
    code: 'ticket_source',
    name: '工单来源',
    description: '工单从哪个渠道进入',
    items: [
      { code: 'phone', label: '电话' },
      { code: 'wechat', label: '微信' },
      { code: 'app', label: '移动端' },
      { code: 'hotline_12345', label: '12345 政务平台' },
      { code: 'walk_in', label: '上门' },
    ],
  },
  {
    code: 'house_status',
    name: '房屋供热状态',
    description: '房屋当前的供热状态',
    items: [
      { code: 'heating', label: '供热' },
      { code: 'suspended', label: '报停' },
      { code: 'unconnected', label: '未接网' },
    ],
  },
  {
    code: 'phone_kind',
    name: '号码类型',
    description: '客户联系电话的类型',
    items: [
      { code: 'mobile', label: '手机' },
      { code: 'landline', label: '座机' },
    ],
  },
];
