import { api } from './http';

/** The group's own tenant id in the API (`<default>`), as in the list items. */
export const GROUP_TENANT = '<default>';

export interface DefinitionItem {
  processId: string;
  version: number;
  tenant: string;
  resourceName: string;
  deployedAt: string | null;
}

export interface VersionItem extends DefinitionItem {
  runningInstances: number;
}

export interface Me {
  id: number;
  username: string;
  displayName: string;
  permissions: string[];
  subsidiaryId: number | null;
}

export const login = (username: string, password: string) => api<{ token: string }>('POST', '/api/auth/login', { username, password });

export const me = () => api<Me>('GET', '/api/auth/me');

/** The latest version of every deployed process the user may see. */
export const listLatestDefinitions = () =>
  api<{ items: DefinitionItem[] }>('GET', '/api/process-definitions?pageSize=200').then((r) => r.items);

export const listVersions = (processId: string) =>
  api<{ items: VersionItem[] }>('GET', `/api/process-definitions/${encodeURIComponent(processId)}/versions`).then((r) => r.items);

export const readDefinitionXml = (d: Pick<DefinitionItem, 'processId' | 'version' | 'tenant'>) =>
  api<{ xml: string }>(
    'GET',
    `/api/process-definitions/${encodeURIComponent(d.processId)}/versions/${d.version}/xml?tenant=${encodeURIComponent(d.tenant)}`,
  ).then((r) => r.xml);

/** POST /api/process-definitions (multipart `file`); a refused model throws ApiError 422 MODEL_REJECTED naming the elements. */
export function deployXml(xml: string, fileName: string) {
  const form = new FormData();
  form.append('file', new Blob([xml], { type: 'application/xml' }), fileName);
  return api<{ processes: { processId: string; version: number }[] }>('POST', '/api/process-definitions', form);
}
