import type { ErrorRequestHandler } from 'express';
import type { ApiError, ErrorCode } from '@warmline/contracts';
import { AppError } from './app-error.js';
import type { Logger } from './logger.js';

const STATUS: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  PAYLOAD_TOO_LARGE: 413,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  ACCOUNT_LOCKED: 423,
  ACCOUNT_DISABLED: 403,
  FORBIDDEN: 403,
  TENANT_FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  TICKET_STATE_CONFLICT: 409,
  DUPLICATE: 409,
  PROTECTED: 409,
  IMPORT_INVALID: 422,
  UNSUPPORTED_MEDIA_TYPE: 415,
  MODEL_REJECTED: 422,
  FORM_INVALID: 422,
  ENGINE_UNAVAILABLE: 503,
  INTERNAL: 500,
};

export const statusOf = (code: ErrorCode) => STATUS[code];

/** Translate errors raised by body parsers and multer into AppErrors. */
function fromFramework(err: unknown): AppError | undefined {
  const e = err as { type?: string; status?: number; code?: string; field?: string };
  if (e?.type === 'entity.too.large' || e?.code === 'LIMIT_FILE_SIZE') {
    return new AppError('PAYLOAD_TOO_LARGE', '提交的内容过大');
  }
  if (e?.type === 'entity.parse.failed') {
    return new AppError('VALIDATION_FAILED', '请求内容不是有效的 JSON', [{ field: 'body', message: 'JSON 格式错误' }]);
  }
  if (e?.code === 'LIMIT_UNEXPECTED_FILE' || e?.code?.startsWith?.('LIMIT_')) {
    return new AppError('VALIDATION_FAILED', '上传内容有误', [{ field: e.field ?? 'file', message: '不接受的上传字段或数量' }]);
  }
  if (e?.type === 'charset.unsupported' || e?.type === 'encoding.unsupported') {
    return new AppError('UNSUPPORTED_MEDIA_TYPE', '不支持的编码');
  }
  return undefined;
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const appError = err instanceof AppError ? err : fromFramework(err);
    const requestId = String(req.id ?? '');
    if (!appError) {
      (req.log ?? logger).error({ err, requestId }, 'unhandled error');
      const body: ApiError = { code: 'INTERNAL', message: '服务器内部错误，请稍后重试', requestId };
      res.status(500).json(body);
      return;
    }
    const body: ApiError = { code: appError.code, message: appError.message, requestId };
    if (appError.details?.length) body.details = appError.details;
    res.status(STATUS[appError.code]).json(body);
  };
}
