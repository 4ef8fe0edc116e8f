import { WORKER_SKILL_DICTIONARY } from '@warmline/contracts';
import type { Sequelize } from 'sequelize';
import { dictCategoryModel, dictItemModel } from '../dictionaries/dictionary.model.js';

export interface WorkerSkill {
  code: string;
  label: string;
  enabled: boolean;
  /** Ticket types that need this skill (`extra.ticketTypes`). */
  ticketTypes: string[];
  /** Knowledge-base category codes that need it (`extra.categories`). */
  categories: string[];
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** The `worker_skill` dictionary with each item's type / category mapping (from its `extra`). */
export async function loadWorkerSkills(group: Sequelize): Promise<WorkerSkill[]> {
  const category = await dictCategoryModel(group).findOne({ where: { code: WORKER_SKILL_DICTIONARY }, raw: true });
  if (!category) return [];
  const items = await dictItemModel(group).findAll({
    where: { category_id: category.id },
    order: [
      ['sort', 'ASC'],
      ['id', 'ASC'],
    ],
    raw: true,
  });
  return items.map((i) => {
    let extra: Record<string, unknown> = {};
    try {
      extra = (JSON.parse(i.extra_json ?? '{}') as Record<string, unknown>) ?? {};
    } catch {
      extra = {};
    }
    return {
      code: i.code,
      label: i.label,
      enabled: Boolean(i.enabled),
      ticketTypes: strings(extra.ticketTypes),
      categories: strings(extra.categories),
    };
  });
}

/** The skills a ticket of `typeCode` (and category) needs: enabled skills mapped to the type or the category. */
export function requiredSkills(skills: WorkerSkill[], typeCode: string, categoryCode: string | null): WorkerSkill[] {
  return skills.filter(
    (s) => s.enabled && (s.ticketTypes.includes(typeCode) || (categoryCode !== null && s.categories.includes(categoryCode))),
  );
}
