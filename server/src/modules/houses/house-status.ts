import { HOUSE_STATUSES } from '@warmline/contracts';
import { AppError, invalid } from '../../core/app-error.js';
import type { Services } from '../../services.js';
import { listItems } from '../dictionaries/dictionary.service.js';

export const HOUSE_STATUS_DICT = 'house_status';

export interface HouseStatusOption {
  code: string;
  label: string;
}

/**
 * The enabled codes of the `house_status` dictionary (供热状态), read at each call so edits apply at
 * once; the shipped codes when the category is missing.
 */
export async function houseStatuses(services: Services): Promise<HouseStatusOption[]> {
  try {
    return (await listItems(services, HOUSE_STATUS_DICT)).map((i) => ({ code: i.code, label: i.label }));
  } catch (err) {
    if (err instanceof AppError && err.code === 'NOT_FOUND') {
      return Object.entries(HOUSE_STATUSES).map(([code, label]) => ({ code, label }));
    }
    throw err;
  }
}

/** The status code for a code or a label (imports carry labels), or undefined. */
export function statusCodeOf(options: HouseStatusOption[], value: string): string | undefined {
  return options.find((o) => o.code === value || o.label === value)?.code;
}

export async function assertHouseStatus(services: Services, code: string, field: string): Promise<void> {
  const options = await houseStatuses(services);
  if (!options.some((o) => o.code === code)) {
    throw invalid(field, `供热状态须为字典“房屋供热状态”中的编码：${options.map((o) => `${o.code}（${o.label}）`).join('、')}`);
  }
}
