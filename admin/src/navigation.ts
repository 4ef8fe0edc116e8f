import { useSyncExternalStore } from 'react';

/** A tiny history router: the console has three kinds of screens (login, page, page editor) and needs no more. */
const listeners = new Set<() => void>();
const notify = () => listeners.forEach((l) => l());
window.addEventListener('popstate', notify);

export function navigate(to: string, replace = false): void {
  const target = new URL(to, window.location.href);
  const next = target.pathname + target.search + target.hash;
  const current = window.location.pathname + window.location.search + window.location.hash;
  if (next === current) return;
  if (replace) window.history.replaceState(null, '', next);
  else window.history.pushState(null, '', next);
  notify();
}

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};
const snapshot = () => window.location.pathname + window.location.search;

export interface ConsoleLocation {
  pathname: string;
  search: string;
  query: Record<string, string>;
}

export function useConsoleLocation(): ConsoleLocation {
  const href = useSyncExternalStore(subscribe, snapshot);
  const url = new URL(href, window.location.origin);
  return { pathname: url.pathname, search: url.search, query: Object.fromEntries(url.searchParams) };
}

/** `/pages/<key>` is where a page schema is shown. */
export const pagePath = (key: string) => `/pages/${encodeURIComponent(key)}`;
