import type { Request, Response } from 'express';
import type { Transaction } from 'sequelize';
import type { z } from 'zod';
import type { Permission } from '@warmline/contracts';
import type { AuthUser } from '../auth/auth-user.js';
import type { AuditEntry } from '../audit/audit.types.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';
import type { Services } from '../services.js';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

type Schema = z.ZodType;
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface UploadedFile {
  originalName: string;
  mimeType: string;
  size: number;
  buffer: Buffer;
}

export interface RouteContext<P, Q, B> {
  req: Request;
  res: Response;
  requestId: string;
  /** Null only on public routes. */
  user: AuthUser;
  params: P;
  query: Q;
  body: B;
  file: UploadedFile | undefined;
  services: Services;
  /** The subsidiary database, on routes whose path holds `:subsidiaryId`. */
  tenant: TenantHandle | undefined;
  /** The transaction the change runs in (mutating routes only): the tenant's, or the group's. */
  tx: Transaction | undefined;
  /** Write an audit record in the same transaction as the change. */
  audit: (entry: AuditEntry) => Promise<void>;
}

export interface RouteDef<
  P extends Schema | undefined = Schema | undefined,
  Q extends Schema | undefined = Schema | undefined,
  B extends Schema | undefined = Schema | undefined,
  R = unknown,
> {
  /** Stable id, `area.action`; used by tests and the OpenAPI operationId. */
  id: string;
  method: HttpMethod;
  /** Express path below `/api`, e.g. `/subsidiaries/:subsidiaryId/houses/:id`. */
  path: string;
  summary: string;
  tag: string;
  /** `public`: no token needed. `authenticated`: any signed-in user. Otherwise the permission needed. */
  access: 'public' | 'authenticated' | Permission;
  params?: P;
  query?: Q;
  body?: B;
  /** A multipart upload with one file in this field (the route then takes no JSON body). */
  upload?: { field: string; extensions: string[] };
  response?: Schema;
  /** 200 by default, 201 for creations. */
  status?: number;
  /** `xlsx` routes write the file themselves. */
  produces?: 'json' | 'xlsx';
  /**
   * Mutating routes run in one transaction and must write at least one audit record.
   * `self-audited` routes (login) keep their own log instead.
   */
  audit?: 'required' | 'self-audited';
  /** Mutating routes on tenant paths run in the tenant transaction; `group` forces the group database. */
  txDatabase?: 'tenant' | 'group';
  /**
   * The handler drives the process engine (completes tasks, publishes messages, deploys). On SQLite
   * its transaction then stays deferred, so the engine's own connection can write before the
   * handler's first write; every other route's transaction takes the write lock at BEGIN
   * (docs/decisions/0009-sqlite-write-locks.md).
   */
  engine?: boolean;
  handler: (ctx: RouteContext<Out<P>, Out<Q>, Out<B>>) => Promise<R>;
}

export type AnyRoute = RouteDef<Schema | undefined, Schema | undefined, Schema | undefined, unknown>;

/** Identity helper that keeps the handler's context typed from the schemas. */
export function defineRoute<
  P extends Schema | undefined = undefined,
  Q extends Schema | undefined = undefined,
  B extends Schema | undefined = undefined,
  R = unknown,
>(def: RouteDef<P, Q, B, R>): AnyRoute {
  return def as unknown as AnyRoute;
}

export const isMutating = (r: Pick<AnyRoute, 'method'>) => r.method !== 'get';
export const isTenantRoute = (r: Pick<AnyRoute, 'path'>) => r.path.includes(':subsidiaryId');
