import { me } from '../api/definitions';
import { el } from '../ui/dom';
import { openFormDesigner } from './form-dialog';

/** A form opened on its own: `#/form/<formId>` or `?form=<formId>`; `new` makes a fresh id. */
export interface StandaloneFormRoute {
  formId: string;
  isNew: boolean;
  /** Optional name for a new form (`name` parameter). */
  name?: string;
  /** Where 关闭 returns to: the `back` parameter or the page that opened the editor (same origin only). */
  back: string | null;
}

const sameOrigin = (url: string | null | undefined): string | null => {
  if (!url) return null;
  try {
    const parsed = new URL(url, location.href);
    return parsed.origin === location.origin ? parsed.href : null;
  } catch {
    return null;
  }
};

/** A new form's id: `form-<timestamp>` (lowercase letters, digits, dashes, as the server requires). */
export const timestampFormId = (now = new Date()): string =>
  `form-${now.toISOString().replace(/\D/g, '').slice(0, 14)}-${Math.random().toString(36).slice(2, 5)}`;

/**
 * The form route of the designer's URL, or null for the process modeler. Parameters may sit in the
 * query (`/designer/?form=x&back=…`) or after the hash (`/designer/#/form/x?back=…`).
 */
export function standaloneFormRoute(loc: Pick<Location, 'hash' | 'search'> = location): StandaloneFormRoute | null {
  const [hashPath = '', hashQuery = ''] = loc.hash.replace(/^#/, '').split('?', 2);
  const params = new URLSearchParams(loc.search);
  for (const [k, v] of new URLSearchParams(hashQuery)) params.set(k, v);
  const fromHash = /^\/form\/([^/]+)\/?$/.exec(hashPath)?.[1];
  const raw = fromHash ? decodeURIComponent(fromHash) : params.get('form');
  if (!raw) return null;
  const isNew = raw === 'new';
  return {
    formId: isNew ? timestampFormId() : raw,
    isNew,
    name: params.get('name') ?? undefined,
    back: sameOrigin(params.get('back')) ?? sameOrigin(document.referrer),
  };
}

/**
 * The form designer on its own page (opened from the console's 表单管理 / 工单类型): the same
 * full-screen designer as the task dialog; 关闭 returns to the console page it came from.
 */
export async function startStandaloneForm(root: HTMLElement, route: StandaloneFormRoute): Promise<void> {
  let user;
  try {
    user = await me();
  } catch {
    return; // 401 sends the user to the login form
  }
  document.title = '表单设计 - 暖线';
  root.replaceChildren(el('div', { class: 'wl-muted', 'data-testid': 'form-standalone' }, '表单设计'));
  if (route.isNew) {
    // The fresh id stays in the URL: a reload opens the same form (saved or still new).
    history.replaceState(
      null,
      '',
      `${location.pathname}#/form/${encodeURIComponent(route.formId)}${location.hash.includes('?') ? `?${location.hash.split('?', 2)[1]}` : ''}`,
    );
  }
  root.dataset.ready = 'true';
  await openFormDesigner({
    formId: route.formId,
    isNew: route.isNew,
    name: route.name,
    canManage: user.permissions.includes('form:manage'),
  });
  if (route.back) {
    location.assign(route.back);
    return;
  }
  // Opened in a new tab by the console: close it; a tab the script may not close goes to the console.
  window.close();
  location.assign('/');
}
