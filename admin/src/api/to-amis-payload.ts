/**
 * The server answers plain JSON and HTTP status codes; amis expects `{ status: 0, data }`, on failure
 * `{ status: 1, msg }`, and for field errors `{ status: 422, msg, errors: { field: message } }` — the one
 * status amis' form maps onto its fields. `data` stays empty on failure: amis merges it into the form.
 */
export interface AmisPayload {
  status: 0 | 1 | 422;
  msg: string;
  data: unknown;
  errors?: Record<string, string>;
  /** The server's stable error code and request id, for support. */
  code?: string;
  requestId?: string;
}

interface ServerError {
  code?: string;
  message?: string;
  details?: Array<{ field?: string; message?: string; row?: number }>;
  requestId?: string;
}

/** `body.name` → `name`, `query.page` → `page`, `body.roleIds.0` → `roleIds`, `body.extra.color` → `extra.color`. */
export function formFieldOf(field: string): string {
  const parts = field.split('.');
  if (['body', 'query', 'params'].includes(parts[0]) && parts.length > 1) parts.shift();
  while (parts.length > 1 && /^\d+$/.test(parts[parts.length - 1])) parts.pop();
  return parts.join('.');
}

export function toAmisPayload(httpStatus: number, body: unknown): AmisPayload {
  if (httpStatus >= 200 && httpStatus < 300) {
    if (Array.isArray(body)) return { status: 0, msg: '', data: { items: body, total: body.length } };
    return { status: 0, msg: '', data: body ?? {} };
  }
  const error = (body && typeof body === 'object' ? body : {}) as ServerError;
  const errors: Record<string, string> = {};
  for (const detail of error.details ?? []) {
    if (!detail.field || !detail.message) continue;
    const name = formFieldOf(detail.field);
    errors[name] ??= detail.row ? `第 ${detail.row} 行：${detail.message}` : detail.message;
  }
  const msg = error.message ?? (httpStatus >= 500 ? '服务器暂时无法处理，请稍后重试' : `请求失败（${httpStatus}）`);
  const hasFieldErrors = Object.keys(errors).length > 0;
  return {
    status: hasFieldErrors ? 422 : 1,
    msg,
    data: {},
    ...(hasFieldErrors ? { errors } : {}),
    ...(error.code ? { code: error.code } : {}),
    ...(error.requestId ? { requestId: error.requestId } : {}),
  };
}
