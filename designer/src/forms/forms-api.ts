import { api } from '../api/http';

/** A form as `GET /api/forms` lists it (contracts/src/forms.ts). */
export interface FormItem {
  formId: string;
  name: string;
  version: number;
  owner: { subsidiaryId: number | null; name: string };
  source: 'shipped' | 'custom';
  updatedAt: string;
  /** Whether the signed-in user may save it. */
  editable: boolean;
}

export interface FormDetail extends FormItem {
  schema: Record<string, unknown>;
  updatedBy: string | null;
}

export interface FormVersionItem {
  version: number;
  name: string;
  comment: string | null;
  createdAt: string;
  createdBy: string | null;
  source: 'shipped' | 'edited' | 'rollback';
}

const path = (formId: string) => `/api/forms/${encodeURIComponent(formId)}`;

export const listForms = (q?: string) =>
  api<{ items: FormItem[] }>('GET', `/api/forms${q ? `?q=${encodeURIComponent(q)}` : ''}`).then((r) => r.items);

export const readForm = (formId: string) => api<FormDetail>('GET', path(formId));

export const listFormVersions = (formId: string) =>
  api<{ items: FormVersionItem[] }>('GET', `${path(formId)}/versions`).then((r) => r.items);

export const readFormVersion = (formId: string, version: number) =>
  api<FormVersionItem & { schema: Record<string, unknown> }>('GET', `${path(formId)}/versions/${version}`);

export const saveForm = (formId: string, body: { name: string; schema: Record<string, unknown>; comment?: string }) =>
  api<{ formId: string; version: number; created: boolean }>('PUT', path(formId), body);

export const rollbackForm = (formId: string, version: number) =>
  api<{ formId: string; version: number }>('POST', `${path(formId)}/rollback`, { version });

/** The form-js schema of a new, empty form. */
export const emptyFormSchema = (formId: string): Record<string, unknown> => ({
  type: 'default',
  id: formId,
  schemaVersion: 19,
  executionPlatform: 'Camunda Cloud',
  executionPlatformVersion: '8.8.0',
  components: [],
});

/** A fresh form id: lowercase letters, digits and dashes, as the server requires. */
export const newFormId = () => `form-${Math.random().toString(36).slice(2, 8)}`;
