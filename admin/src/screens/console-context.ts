import type { Me } from '../api/console-types';

/**
 * The data every page schema starts with: the signed-in user and `can.<permission>` flags
 * (`org:write` → `can.org_write`) for `visibleOn` expressions, plus the page's query string.
 */
export function pageData(me: Me, query: Record<string, string>): Record<string, unknown> {
  const can = Object.fromEntries(me.permissions.map((p) => [p.replace(/[:-]/g, '_'), true]));
  return { ...query, me, can };
}
