import type { ErrorCode, ErrorDetail } from '@warmline/contracts';

/** The one error type services throw. The error handler maps `code` to an HTTP status. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetail[],
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what}不存在`);
export const forbidden = (message = '没有执行此操作的权限') => new AppError('FORBIDDEN', message);
export const conflict = (message: string, details?: ErrorDetail[]) => new AppError('CONFLICT', message, details);
export const duplicate = (field: string, message: string) => new AppError('DUPLICATE', message, [{ field, message }]);
export const invalid = (field: string, message: string) => new AppError('VALIDATION_FAILED', '提交的数据有误', [{ field, message }]);
