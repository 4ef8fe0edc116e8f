import type { Sequelize } from 'sequelize';
import { orgModel, type OrgRow } from '../modules/org/org.model.js';

/**
 * An in-memory copy of the org tree (hundreds of rows), used on every request to resolve tenants
 * and data scopes without a query. Changes made in this process refresh it at once; changes made
 * by another server process are picked up on the next miss or within `maxAgeMs`.
 */
export class OrgRegistry {
  private byId = new Map<number, OrgRow>();
  private loadedAt = 0;
  private loading: Promise<void> | undefined;

  constructor(
    private readonly group: Sequelize,
    private readonly maxAgeMs = 10_000,
  ) {}

  async refresh(): Promise<void> {
    this.loading ??= (async () => {
      const rows = await orgModel(this.group).findAll({ raw: true });
      this.byId = new Map(rows.map((r) => [r.id, { ...r, enabled: Boolean(r.enabled) }]));
      this.loadedAt = Date.now();
    })().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  private async fresh(): Promise<void> {
    if (Date.now() - this.loadedAt > this.maxAgeMs) await this.refresh();
  }

  async get(id: number): Promise<OrgRow | undefined> {
    await this.fresh();
    if (!this.byId.has(id)) await this.refresh();
    return this.byId.get(id);
  }

  async all(): Promise<OrgRow[]> {
    await this.fresh();
    return [...this.byId.values()];
  }

  /** True when `orgId` is `ancestorId` or below it. */
  async isWithin(orgId: number, ancestorId: number): Promise<boolean> {
    const [org, anc] = [await this.get(orgId), await this.get(ancestorId)];
    return Boolean(org && anc && org.path.startsWith(anc.path));
  }

  /** The subsidiary at or above `orgId`, or undefined for group and division nodes. */
  async subsidiaryOf(orgId: number): Promise<OrgRow | undefined> {
    const org = await this.get(orgId);
    if (!org) return undefined;
    const ids = org.path.split('/').filter(Boolean).map(Number);
    for (const id of ids.reverse()) {
      const node = this.byId.get(id);
      if (node?.type === 'subsidiary') return node;
    }
    return undefined;
  }

  /** Every subsidiary within the subtree of `orgId` (including a subsidiary at or above it). */
  async subsidiariesInScopeOf(orgId: number): Promise<OrgRow[]> {
    const own = await this.subsidiaryOf(orgId);
    if (own) return [own];
    const org = await this.get(orgId);
    if (!org) return [];
    return (await this.all()).filter((o) => o.type === 'subsidiary' && o.path.startsWith(org.path));
  }
}
