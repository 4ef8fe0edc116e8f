import { navigate } from '../navigation';
import { clearToken, getToken } from './session';
import { toAmisPayload, type AmisPayload } from './to-amis-payload';

export interface HttpRequest {
  url: string;
  method?: string;
  data?: unknown;
  headers?: Record<string, string>;
}

/** Query parameters the server would refuse as empty (`enabled=`, `orgId=`): an empty filter means "no filter". */
function withoutEmptyQuery(url: string): string {
  const [path, query] = url.split('?', 2);
  if (!query) return url;
  const params = new URLSearchParams(query);
  for (const [key, value] of [...params]) if (value === '' || value === 'undefined') params.delete(key);
  const rest = params.toString();
  return rest ? `${path}?${rest}` : path;
}

/** A create form's untouched optional inputs are empty strings: leave them out rather than send invalid values. */
function bodyOf(method: string, data: unknown): BodyInit | undefined {
  if (data instanceof FormData || data instanceof Blob) return data;
  if (method === 'GET' || method === 'HEAD') return undefined;
  if (data === undefined || data === null) return method === 'DELETE' ? '{}' : undefined;
  if (method === 'POST' && typeof data === 'object' && !Array.isArray(data)) {
    return JSON.stringify(Object.fromEntries(Object.entries(data).filter(([, v]) => v !== '' && v !== undefined)));
  }
  return JSON.stringify(data);
}

/**
 * The one way the console talks to the server: adds the bearer token, sends the user back to the
 * login screen on 401, and turns every answer into the amis payload shape.
 */
export async function request(req: HttpRequest): Promise<AmisPayload> {
  const method = (req.method ?? 'get').toUpperCase();
  const url = withoutEmptyQuery(req.url);
  const headers: Record<string, string> = { Accept: 'application/json', ...(req.headers ?? {}) };
  const token = getToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  const body = bodyOf(method, req.data);
  if (typeof body === 'string') headers['Content-Type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(url, { method, headers, body });
  } catch {
    return { status: 1, msg: '无法连接服务器，请检查网络后重试', data: {} };
  }
  if (res.status === 401 && !url.startsWith('/api/auth/login')) {
    clearToken();
    navigate(`/login?from=${encodeURIComponent(window.location.pathname + window.location.search)}`, true);
  }
  const text = await res.text();
  let json: unknown = undefined;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  return toAmisPayload(res.status, json);
}

/** For the console's own screens: the data, or an Error carrying the server's Chinese message. */
export async function requestData<T>(req: HttpRequest): Promise<T> {
  const payload = await request(req);
  if (payload.status !== 0) throw Object.assign(new Error(payload.msg), { errors: payload.errors });
  return payload.data as T;
}

/** amis `env.fetcher`. */
export async function amisFetcher(api: { url: string; method?: string; data?: unknown; headers?: Record<string, string> }) {
  const data = await request(api);
  return { status: 200, headers: {}, data };
}
