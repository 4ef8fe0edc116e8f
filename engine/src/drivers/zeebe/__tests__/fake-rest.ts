/**
 * A local HTTP server standing in for the Camunda 8.8 Orchestration Cluster REST API (/v2).
 * Every request is recorded; tests register answers per method + path. Unregistered searches
 * answer an empty page, unregistered commands 204, anything else 404 (a problem document).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  body: any;
  headers: http.IncomingHttpHeaders;
}

export interface FakeAnswer {
  status?: number;
  body?: unknown;
  /** Send `body` (a string) as is with this content type instead of as JSON. */
  contentType?: string;
}

type Handler = (req: RecordedRequest, params: string[]) => FakeAnswer | unknown | Promise<FakeAnswer | unknown>;

interface Route {
  method: string;
  pattern: RegExp;
  handler: Handler;
}

const COMMANDS = [/\/assignment$/, /\/assignee$/, /\/completion$/, /\/resolution$/];

export class FakeRestApi {
  readonly requests: RecordedRequest[] = [];
  private readonly routes: Route[] = [];
  private readonly hanging: RegExp[] = [];
  private server: http.Server | undefined;
  address = '';

  /** Answer `method path` (path below the server root, e.g. `/v2/user-tasks/search`; a RegExp may capture params). */
  on(method: string, path: string | RegExp, handler: Handler): void {
    const pattern = typeof path === 'string' ? new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) : path;
    this.routes.unshift({ method, pattern, handler });
  }

  /** Requests whose path matches never get an answer. */
  hang(path: RegExp): void {
    this.hanging.push(path);
  }

  requestsTo(method: string, path: string | RegExp): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && (typeof path === 'string' ? r.path === path : path.test(r.path)));
  }

  async start(): Promise<string> {
    const server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    this.address = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this.address;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: unknown = undefined;
    if (raw) {
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
      }
    }
    const path = (req.url ?? '').split('?')[0];
    const recorded: RecordedRequest = { method: req.method ?? '', path, body, headers: req.headers };
    this.requests.push(recorded);
    if (this.hanging.some((p) => p.test(path))) return;
    let answer: FakeAnswer;
    const route = this.routes.find((r) => r.method === req.method && r.pattern.test(path));
    try {
      if (route) {
        const params = route.pattern.exec(path)!.slice(1);
        const out = await route.handler(recorded, params);
        answer = out && typeof out === 'object' && ('status' in out || 'body' in out) ? (out as FakeAnswer) : { status: 200, body: out };
      } else if (req.method === 'POST' && path.endsWith('/search')) {
        answer = { status: 200, body: { items: [], page: { totalItems: 0 } } };
      } else if (COMMANDS.some((c) => c.test(path))) {
        answer = { status: 204 };
      } else {
        answer = {
          status: 404,
          body: { type: 'about:blank', title: 'NOT_FOUND', status: 404, detail: `fake REST API has no ${req.method} ${path}` },
        };
      }
    } catch (e) {
      answer = { status: 500, body: { title: 'INTERNAL', status: 500, detail: String(e) } };
    }
    const status = answer.status ?? 200;
    if (answer.body === undefined || status === 204) {
      res.writeHead(status).end();
      return;
    }
    if (answer.contentType !== undefined) {
      res.writeHead(status, { 'content-type': answer.contentType }).end(String(answer.body));
      return;
    }
    const json = JSON.stringify(answer.body);
    res.writeHead(status, { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' }).end(json);
  }
}
