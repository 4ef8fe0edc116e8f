import { api } from '../api/http';

/** How a draft stands to the owner's latest deployed version (see the server's process-drafts contract). */
export type DraftFreshness = 'undeployed' | 'newer' | 'older';

export interface DraftItem {
  processId: string;
  name: string;
  /** `<default>` (the group) or the subsidiary code. */
  owner: string;
  basedOnVersion: number | null;
  revision: number;
  updatedBy: string | null;
  updatedAt: string;
  deployedVersion: number | null;
  deployedAt: string | null;
  freshness: DraftFreshness;
}

export interface DraftDetail extends DraftItem {
  xml: string;
}

export interface DraftSaved {
  processId: string;
  revision: number;
  updatedBy: string | null;
  updatedAt: string;
  created: boolean;
}

const path = (processId: string) => `/api/process-drafts/${encodeURIComponent(processId)}`;

/** The caller's drafts (the group's for group staff, the own subsidiary's for its users), newest first. */
export const listDrafts = () => api<{ items: DraftItem[] }>('GET', '/api/process-drafts').then((r) => r.items);

export const readDraft = (processId: string) => api<DraftDetail>('GET', path(processId));

/** Save over `revision` (null: no draft known); a newer save by someone else throws ApiError 409. */
export const saveDraft = (processId: string, body: { name: string; xml: string; basedOnVersion: number | null; revision: number | null }) =>
  api<DraftSaved>('PUT', path(processId), body);

export const discardDraft = (processId: string, revision: number) => api<{ ok: true }>('DELETE', `${path(processId)}?revision=${revision}`);
