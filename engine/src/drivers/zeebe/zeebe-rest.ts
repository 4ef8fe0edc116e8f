/**
 * The Camunda 8.8 Orchestration Cluster REST API (`/v2`) as the driver uses it, on top of the SDK's
 * `CamundaRestClient.callApiEndpoint` (auth headers, base URL, cancellation). Every call is guarded
 * by the request timeout. Responses are parsed with plain JSON.parse: the SDK's lossless parser
 * throws on numbers it cannot represent safely.
 *
 * Searches read Zeebe's secondary storage: they are eventually consistent (a record appears shortly
 * after the command that produced it).
 */
import type { CamundaRestClient } from '@camunda8/sdk';
import { guarded, type CallTarget } from './zeebe-errors.js';

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';

interface SearchPage<T> {
  items?: T[];
  page?: { totalItems?: number };
}

const PAGE_SIZE = 500;
/** A search never reads more than this many records (the interface has no paging). */
export const SEARCH_CAP = 10_000;

export class ZeebeRest {
  readonly target: CallTarget;

  constructor(
    private readonly client: CamundaRestClient,
    address: string,
    private readonly timeoutMs: number,
  ) {
    this.target = { kind: 'REST API', address };
  }

  json<T>(operation: string, method: Method, urlPath: string, body?: Record<string, unknown>): Promise<T> {
    return guarded(operation, this.target, this.timeoutMs, () =>
      this.client.callApiEndpoint<Record<string, unknown>, T>({ method, urlPath, body, parseJson: JSON.parse }),
    );
  }

  /** For endpoints answering text (e.g. a definition's XML). */
  text(operation: string, urlPath: string): Promise<string> {
    return guarded(operation, this.target, this.timeoutMs, () =>
      this.client.callApiEndpoint<Record<string, unknown>>({ method: 'GET', urlPath, json: false }),
    );
  }

  /** How many records a search matches (`page.totalItems`), reading at most one. */
  async count(operation: string, urlPath: string, filter: Record<string, unknown>): Promise<number> {
    const res = await this.json<SearchPage<unknown>>(operation, 'POST', urlPath, { filter, page: { from: 0, limit: 1 } });
    return Number(res.page?.totalItems ?? res.items?.length ?? 0);
  }

  /** For endpoints answering 204 No Content. */
  async send(operation: string, method: Method, urlPath: string, body?: Record<string, unknown>): Promise<void> {
    await guarded(operation, this.target, this.timeoutMs, () => this.client.callApiEndpoint({ method, urlPath, body, json: false }));
  }

  async searchPage<T>(operation: string, urlPath: string, body: Record<string, unknown>): Promise<T[]> {
    const res = await this.json<SearchPage<T>>(operation, 'POST', urlPath, body);
    return res.items ?? [];
  }

  /** All matching records (offset paging), at most SEARCH_CAP. */
  async searchAll<T>(
    operation: string,
    urlPath: string,
    filter: Record<string, unknown>,
    sort?: Array<{ field: string; order: 'ASC' | 'DESC' }>,
  ): Promise<T[]> {
    const all: T[] = [];
    for (let from = 0; from < SEARCH_CAP; from += PAGE_SIZE) {
      const items = await this.searchPage<T>(operation, urlPath, { filter, ...(sort ? { sort } : {}), page: { from, limit: PAGE_SIZE } });
      all.push(...items);
      if (items.length < PAGE_SIZE) break;
    }
    return all.slice(0, SEARCH_CAP);
  }
}
