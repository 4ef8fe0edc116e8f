/**
 * Errors of the Zeebe driver. Every call to the gateway (gRPC) or the REST API goes through
 * `guarded()`: it bounds the call by the request timeout (without a broker the SDK would wait or
 * retry forever) and turns gRPC statuses and HTTP errors into one `ZeebeDriverError` with a stable
 * code and a message naming the operation and the address.
 */

export type ZeebeErrorCode =
  /** No answer within the request timeout. The command may still have been executed by the broker. */
  | 'TIMEOUT'
  /** The gateway or REST API could not be reached (connection refused, DNS, backpressure). */
  | 'UNAVAILABLE'
  | 'NOT_FOUND'
  | 'INVALID_ARGUMENT'
  /** Rejected because of the current state (already exists, wrong state, already completed…). */
  | 'CONFLICT'
  | 'UNAUTHORIZED'
  | 'FAILED';

export class ZeebeDriverError extends Error {
  constructor(
    readonly code: ZeebeErrorCode,
    readonly operation: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ZeebeDriverError';
  }
}

export interface CallTarget {
  /** `gateway` (gRPC) or `REST API`. */
  kind: 'gateway' | 'REST API';
  address: string;
}

type Cancelable<T> = Promise<T> & { cancel?: (reason?: string) => void };

/** Runs `call`, failing with a TIMEOUT ZeebeDriverError after `timeoutMs` (and cancelling it when it can be). */
export async function guarded<T>(operation: string, target: CallTarget, timeoutMs: number, call: () => Cancelable<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  let pending: Cancelable<T>;
  try {
    pending = call();
  } catch (e) {
    throw toDriverError(operation, target, e);
  }
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      // The abandoned call may still settle later: never let that become an unhandled rejection.
      pending.catch(() => undefined);
      try {
        pending.cancel?.('timed out');
      } catch {
        /* already settled */
      }
      reject(
        new ZeebeDriverError(
          'TIMEOUT',
          operation,
          `Zeebe ${operation}: no answer from the ${target.kind} at ${target.address} within ${timeoutMs} ms ` +
            `(is the Zeebe cluster running and reachable? A command may still have been executed).`,
        ),
      );
    }, timeoutMs);
  });
  try {
    return await Promise.race([pending, timeout]);
  } catch (e) {
    throw toDriverError(operation, target, e);
  } finally {
    clearTimeout(timer);
  }
}

const GRPC_CODES: Record<number, ZeebeErrorCode> = {
  1: 'FAILED', // CANCELLED
  3: 'INVALID_ARGUMENT',
  4: 'TIMEOUT', // DEADLINE_EXCEEDED (gateway ↔ broker)
  5: 'NOT_FOUND',
  6: 'CONFLICT', // ALREADY_EXISTS
  7: 'UNAUTHORIZED', // PERMISSION_DENIED
  8: 'UNAVAILABLE', // RESOURCE_EXHAUSTED (backpressure)
  9: 'CONFLICT', // FAILED_PRECONDITION
  12: 'FAILED', // UNIMPLEMENTED
  14: 'UNAVAILABLE',
  16: 'UNAUTHORIZED', // UNAUTHENTICATED
};

function httpCode(status: number): ZeebeErrorCode {
  if (status === 400) return 'INVALID_ARGUMENT';
  if (status === 401 || status === 403) return 'UNAUTHORIZED';
  if (status === 404) return 'NOT_FOUND';
  if (status === 409) return 'CONFLICT';
  if (status === 429 || status === 502 || status === 503 || status === 504) return 'UNAVAILABLE';
  return 'FAILED';
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ETIMEDOUT', 'EPIPE']);

export function toDriverError(operation: string, target: CallTarget, e: unknown): ZeebeDriverError {
  if (e instanceof ZeebeDriverError) return e;
  const err = (e ?? {}) as {
    code?: unknown;
    details?: unknown;
    message?: unknown;
    response?: { statusCode?: number; body?: unknown };
    statusCode?: unknown;
    detail?: unknown;
    title?: unknown;
  };
  const status = err.response?.statusCode ?? (typeof err.statusCode === 'number' ? err.statusCode : undefined);
  if (typeof status === 'number') {
    const detail =
      typeof err.detail === 'string' && err.detail
        ? err.detail
        : typeof err.title === 'string' && err.title
          ? err.title
          : bodyText(err.response?.body);
    return new ZeebeDriverError(
      httpCode(status),
      operation,
      `Zeebe ${operation}: the ${target.kind} at ${target.address} answered HTTP ${status}${detail ? `: ${detail}` : ''}`,
      { cause: e },
    );
  }
  if (typeof err.code === 'number' && GRPC_CODES[err.code]) {
    const details = typeof err.details === 'string' && err.details ? err.details : String(err.message ?? '');
    return new ZeebeDriverError(
      GRPC_CODES[err.code],
      operation,
      `Zeebe ${operation}: the ${target.kind} at ${target.address} answered ${grpcName(err.code)}: ${details}`,
      { cause: e },
    );
  }
  if (typeof err.code === 'string' && NETWORK_CODES.has(err.code)) {
    return new ZeebeDriverError(
      'UNAVAILABLE',
      operation,
      `Zeebe ${operation}: cannot reach the ${target.kind} at ${target.address} (${err.code})`,
      { cause: e },
    );
  }
  const message = e instanceof Error ? e.message : String(e);
  return new ZeebeDriverError('FAILED', operation, `Zeebe ${operation} failed (${target.kind} at ${target.address}): ${message}`, {
    cause: e,
  });
}

function grpcName(code: number): string {
  const names: Record<number, string> = {
    1: 'CANCELLED',
    3: 'INVALID_ARGUMENT',
    4: 'DEADLINE_EXCEEDED',
    5: 'NOT_FOUND',
    6: 'ALREADY_EXISTS',
    7: 'PERMISSION_DENIED',
    8: 'RESOURCE_EXHAUSTED',
    9: 'FAILED_PRECONDITION',
    12: 'UNIMPLEMENTED',
    14: 'UNAVAILABLE',
    16: 'UNAUTHENTICATED',
  };
  return names[code] ?? `gRPC status ${code}`;
}

function bodyText(body: unknown): string {
  if (typeof body !== 'string' || body.startsWith('<')) return '';
  try {
    const parsed = JSON.parse(body) as { detail?: string; title?: string };
    return parsed.detail ?? parsed.title ?? body.slice(0, 300);
  } catch {
    return body.slice(0, 300);
  }
}
