import { clearToken, getToken } from './session';

/** One problem the server names in an error answer (`details[]`). */
export interface ErrorDetail {
  field: string;
  message: string;
  elementId?: string;
  reasonEn?: string;
}

/** An error answer of the API: `{code, message, details?}` with Chinese messages. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Called when the server answers 401: the session ended. */
let onSignedOut: () => void = () => undefined;
export const whenSignedOut = (fn: () => void): void => {
  onSignedOut = fn;
};

/** JSON (or multipart for FormData) to the API with the bearer token; non-2xx answers throw ApiError. */
export async function api<T>(method: string, url: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const token = getToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    payload = JSON.stringify(body);
    headers['Content-Type'] = 'application/json';
  }
  let res: Response;
  try {
    res = await fetch(url, { method, headers, body: payload });
  } catch {
    throw new ApiError(0, 'NETWORK', '无法连接服务器，请检查网络后重试');
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (res.ok) return json as T;
  const err = (json ?? {}) as { code?: string; message?: string; details?: ErrorDetail[] };
  if (res.status === 401 && !url.startsWith('/api/auth/login')) {
    clearToken();
    onSignedOut();
  }
  throw new ApiError(res.status, err.code ?? `HTTP_${res.status}`, err.message ?? `服务器返回错误（${res.status}）`, err.details ?? []);
}
