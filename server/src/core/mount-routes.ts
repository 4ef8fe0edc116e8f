import { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import multer from 'multer';
import { Transaction } from 'sequelize';
import type { z } from 'zod';
import { AppError } from './app-error.js';
import { zodDetails } from './zod-details.js';
import { isMutating, isTenantRoute, type AnyRoute, type RouteContext, type UploadedFile } from './route-table.js';
import { writeAudit } from '../audit/audit.writer.js';
import type { AuthUser } from '../auth/auth-user.js';
import type { AuditEntry } from '../audit/audit.types.js';
import type { Services } from '../services.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';
import { serializeSqliteWrites } from '../db/sqlite-write-queue.js';

const bearer = (req: Request) => {
  const h = req.headers.authorization;
  return h?.startsWith('Bearer ') ? h.slice(7).trim() : undefined;
};

function parse<S extends z.ZodType>(where: string, schema: S | undefined, value: unknown): z.output<S> | undefined {
  if (!schema) return undefined;
  const r = schema.safeParse(value ?? {});
  if (!r.success) throw new AppError('VALIDATION_FAILED', '提交的数据有误', zodDetails(where, r.error));
  return r.data;
}

function uploadMiddleware(route: AnyRoute, maxBytes: number): RequestHandler {
  const upload = route.upload;
  if (!upload) return (_req, _res, next) => next();
  const m = multer({ storage: multer.memoryStorage(), limits: { fileSize: maxBytes, files: 1, fields: 10 } }).single(upload.field);
  return (req, res, next) => {
    if (!req.is('multipart/form-data')) {
      next(new AppError('VALIDATION_FAILED', '请以 multipart/form-data 上传文件', [{ field: upload.field, message: '缺少上传文件' }]));
      return;
    }
    m(req, res, next);
  };
}

function uploadedFile(route: AnyRoute, req: Request): UploadedFile | undefined {
  if (!route.upload) return undefined;
  const f = req.file;
  if (!f) throw new AppError('VALIDATION_FAILED', '缺少上传文件', [{ field: route.upload.field, message: '请选择要上传的文件' }]);
  const name = Buffer.from(f.originalname, 'latin1').toString('utf8');
  const ext = name.split('.').pop()?.toLowerCase() ?? '';
  if (!route.upload.extensions.includes(ext)) {
    throw new AppError('VALIDATION_FAILED', '文件类型不支持', [
      { field: route.upload.field, message: `只接受 ${route.upload.extensions.join('、')} 文件` },
    ]);
  }
  return { originalName: name, mimeType: f.mimetype, size: f.size, buffer: f.buffer };
}

/**
 * Bind the route table to express. Every route gets, in order: authentication, permission check,
 * upload parsing, zod validation of params / query / body, tenant resolution, then its handler —
 * inside one transaction with a mandatory audit record when it changes state.
 */
export function mountRoutes(routes: AnyRoute[], services: Services): Router {
  const router = Router();
  for (const route of routes) {
    const handler = async (req: Request, res: Response) => {
      const user = res.locals.user as AuthUser;
      const file = uploadedFile(route, req);
      const params = res.locals.params as unknown;
      const query = parse('query', route.query, req.query);
      const body = route.upload ? undefined : parse('body', route.body, req.body);
      const tenant: TenantHandle | undefined = isTenantRoute(route)
        ? await services.tenants.forUser(user, (params as { subsidiaryId: number }).subsidiaryId)
        : undefined;

      const requestId = String(req.id);
      const run = async (tx: Transaction | undefined) => {
        let audits = 0;
        const txDb = route.txDatabase === 'group' || !tenant ? services.dbs.group : tenant.db;
        const ctx: RouteContext<unknown, unknown, unknown> = {
          req,
          res,
          requestId,
          user,
          params,
          query,
          body,
          file,
          services,
          tenant,
          tx,
          audit: async (entry: AuditEntry) => {
            audits += 1;
            await writeAudit(txDb, tx, { id: user?.id ?? null, name: user?.displayName ?? null, requestId, ip: req.ip ?? null }, entry);
          },
        };
        const result = await route.handler(ctx);
        if (isMutating(route) && route.audit !== 'self-audited' && audits === 0) {
          throw new Error(`route ${route.id} changed state without writing an audit record`);
        }
        return result;
      };

      const transactional = isMutating(route) && route.audit !== 'self-audited';
      const txDb = route.txDatabase === 'group' || !tenant ? services.dbs.group : tenant.db;
      const result = transactional
        ? await serializeSqliteWrites(txDb, () => txDb.transaction(transactionOptions(route, txDb.getDialect()), (tx) => run(tx)))
        : await run(undefined);
      if (route.produces === 'xlsx' || res.headersSent) return;
      if (result === undefined) {
        res.status(204).end();
        return;
      }
      res.status(route.status ?? 200).json(result);
    };
    const wrapped = (req: Request, res: Response, next: NextFunction) => {
      handler(req, res).catch(next);
    };
    const authenticate = (req: Request, res: Response, next: NextFunction) => {
      const access = route.access;
      if (access === 'public') {
        try {
          res.locals.params = parse('params', route.params, req.params);
          return next();
        } catch (err) {
          return next(err);
        }
      }
      services.auth
        .authenticate(bearer(req))
        .then((user) => {
          if (access !== 'authenticated' && !user.permissions.has(access)) {
            throw new AppError('FORBIDDEN', '没有执行此操作的权限');
          }
          res.locals.user = user;
          // Path parameters are checked before an upload is read.
          res.locals.params = parse('params', route.params, req.params);
          next();
        })
        .catch(next);
    };
    router[route.method](route.path, authenticate, uploadMiddleware(route, services.config.maxUploadBytes), wrapped);
  }
  return router;
}

/**
 * SQLite has one writer: a deferred transaction that reads and then writes fails at once (SQLITE_BUSY)
 * when another connection — the engine, a worker — wrote meanwhile. Taking the write lock at BEGIN
 * (IMMEDIATE) makes the request wait its turn (busy timeout) instead. Routes that drive the engine
 * keep deferred transactions: the engine writes on its own connection before they write.
 */
function transactionOptions(route: AnyRoute, dialect: string): { type?: Transaction.TYPES } {
  if (dialect !== 'sqlite' || route.engine) return {};
  return { type: Transaction.TYPES.IMMEDIATE };
}
