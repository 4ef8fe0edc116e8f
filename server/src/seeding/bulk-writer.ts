import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { BUILDING_NODE_TYPES, childTypeOf, MAX_CUSTOMER_PHONES, type BuildingNodeType } from '@warmline/contracts';
import type { AuditEntry } from '../audit/audit.types.js';
import { writeAudit } from '../audit/audit.writer.js';
import { dialectOf } from '../db/open-database.js';
import { houseAddress } from '../modules/houses/house.service.js';
import { normalizePhone } from '../modules/phones/phone-normalize.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';
import { insertStatement, type SqlValue } from './insert-rows.js';
import { SEED_ACTOR } from './seed-actor.js';

/** A building node the writer has accepted: enough to hang children and houses under it. */
export interface SeedNode {
  id: number;
  type: BuildingNodeType;
  name: string;
  path: string;
  depth: number;
  /** `小区 楼栋 单元` from the community down (empty above it): the address prefix of houses. */
  address: string;
}

export interface SeedNodeInput {
  /** null: a heat source directly under the subsidiary. */
  parent: SeedNode | null;
  type: BuildingNodeType;
  name: string;
  code?: string | null;
  sort?: number;
  /** Responsible station (communities only): a station org unit of this subsidiary. */
  stationId?: number | null;
  extra?: Record<string, string | number | boolean | null> | null;
}

export interface SeedPhoneInput {
  /** As typed: `138-1234-5678`, `+86 138…`, `0431-85123456`, or a local `85123456`. */
  number: string;
  label?: string | null;
}

export interface SeedCustomerInput {
  name: string;
  customerNo: string;
  idCardLast4?: string | null;
  remark?: string | null;
  /** The first number is the primary one; duplicates (in any spelling) are dropped. */
  phones: SeedPhoneInput[];
}

export interface SeedHouseInput {
  unit: SeedNode;
  roomNo: string;
  areaM2: number | null;
  heatingStatus: string;
  billingNo: string;
  customerId: number | null;
}

export interface BulkCounts {
  buildingNodes: number;
  customers: number;
  phones: number;
  houses: number;
}

interface Table {
  name: string;
  columns: readonly string[];
  rows: SqlValue[][];
  nextId: number;
}

const TABLES = {
  buildingNodes: {
    name: 'building_nodes',
    columns: ['id', 'parent_id', 'type', 'code', 'name', 'sort', 'path', 'depth', 'station_id', 'extra', 'created_at', 'updated_at'],
  },
  customers: {
    name: 'customers',
    columns: ['id', 'name', 'customer_no', 'id_card_last4', 'remark', 'blacklisted', 'blacklist_reason', 'created_at', 'updated_at'],
  },
  phones: {
    name: 'customer_phones',
    columns: ['id', 'customer_id', 'raw', 'normalized', 'kind', 'is_primary', 'label', 'created_at', 'updated_at'],
  },
  houses: {
    name: 'houses',
    columns: ['id', 'unit_id', 'room_no', 'address', 'area_m2', 'heating_status', 'billing_no', 'customer_id', 'created_at', 'updated_at'],
  },
} as const;
type TableKey = keyof typeof TABLES;

/** Statements queued on the transaction's connection before `add…` waits: generation overlaps the inserts. */
const MAX_IN_FLIGHT = 2;

/**
 * Writes a subsidiary's building nodes, customers, phones and houses with multi-row INSERTs inside
 * one transaction. Ids are assigned here (from the tables' current maximum, read under the
 * transaction's write lock), so paths, phones and houses can refer to rows not yet written.
 * Phones are normalised with the subsidiary's area code, exactly as the customer API does.
 */
export class BulkWriter {
  private readonly tables: Record<TableKey, Table>;
  private readonly siblingNames = new Set<string>();
  private readonly nextSort = new Map<number | null, number>();
  /** Statements sent and not yet confirmed, oldest first; each runs after the one before. */
  private readonly queued: Promise<unknown>[] = [];
  private readonly now: Date;
  readonly counts: BulkCounts = { buildingNodes: 0, customers: 0, phones: 0, houses: 0 };

  private constructor(
    readonly tenant: TenantHandle,
    readonly tx: Transaction,
    private readonly stationIds: ReadonlySet<number>,
    private readonly batchSize: number,
    nextIds: Record<TableKey, number>,
  ) {
    this.now = new Date();
    const table = (key: TableKey): Table => ({ name: TABLES[key].name, columns: TABLES[key].columns, rows: [], nextId: nextIds[key] });
    this.tables = {
      buildingNodes: table('buildingNodes'),
      customers: table('customers'),
      phones: table('phones'),
      houses: table('houses'),
    };
  }

  /** Open a writer on `tx`; takes the write lock of the four tables (MariaDB) for the id ranges. */
  static async open(tenant: TenantHandle, tx: Transaction, stationIds: ReadonlySet<number>, batchSize = 2_000): Promise<BulkWriter> {
    // MariaDB: the next-key lock on the last row keeps other writers' ids out of our range until commit.
    // SQLite: the caller's IMMEDIATE transaction already holds the database's write lock.
    const forUpdate = dialectOf(tenant.db) === 'mysql' ? ' FOR UPDATE' : '';
    const nextIds = {} as Record<TableKey, number>;
    for (const key of Object.keys(TABLES) as TableKey[]) {
      const [row] = await tenant.db.query<{ id: number | string }>(
        `SELECT id FROM ${TABLES[key].name} ORDER BY id DESC LIMIT 1${forUpdate}`,
        {
          type: QueryTypes.SELECT,
          transaction: tx,
        },
      );
      nextIds[key] = Number(row?.id ?? 0) + 1;
    }
    return new BulkWriter(tenant, tx, stationIds, batchSize, nextIds);
  }

  get db(): Sequelize {
    return this.tenant.db;
  }

  addNode(input: SeedNodeInput): SeedNode {
    const parent = input.parent;
    const expected = childTypeOf(parent?.type ?? null);
    if (input.type !== expected) {
      throw new Error(
        `${parent ? BUILDING_NODE_TYPES[parent.type] : '公司'}下只能有${expected ? BUILDING_NODE_TYPES[expected] : '房屋'}，不能有${BUILDING_NODE_TYPES[input.type]}`,
      );
    }
    const parentId = parent?.id ?? null;
    const siblingKey = `${parentId ?? 0}/${input.name}`;
    if (this.siblingNames.has(siblingKey)) throw new Error(`同一上级下已有名为“${input.name}”的节点`);
    this.siblingNames.add(siblingKey);
    if (input.stationId !== undefined && input.stationId !== null) {
      if (input.type !== 'community') throw new Error('只有小区可以指定负责站部');
      if (!this.stationIds.has(input.stationId)) throw new Error(`站部 ${input.stationId} 不属于${this.tenant.name}`);
    }
    const sort = input.sort ?? this.nextSort.get(parentId) ?? 0;
    this.nextSort.set(parentId, Math.max(sort + 1, this.nextSort.get(parentId) ?? 0));

    const table = this.tables.buildingNodes;
    const id = table.nextId++;
    const node: SeedNode = {
      id,
      type: input.type,
      name: input.name,
      path: `${parent?.path ?? '/'}${id}/`,
      depth: (parent?.depth ?? 0) + 1,
      address: input.type === 'community' ? input.name : parent?.address ? `${parent.address} ${input.name}` : '',
    };
    const extra = input.extra ? JSON.stringify(input.extra) : null;
    table.rows.push([
      id,
      parentId,
      input.type,
      input.code ?? null,
      input.name,
      sort,
      node.path,
      node.depth,
      input.stationId ?? null,
      extra,
      this.now,
      this.now,
    ]);
    this.counts.buildingNodes += 1;
    return node;
  }

  /** Add a customer with its phones; returns the customer id. Throws on a number that is not a phone. */
  addCustomer(input: SeedCustomerInput): number {
    const id = this.tables.customers.nextId++;
    this.tables.customers.rows.push([
      id,
      input.name,
      input.customerNo,
      input.idCardLast4 ?? null,
      input.remark ?? null,
      false,
      null,
      this.now,
      this.now,
    ]);
    this.counts.customers += 1;
    const seen = new Set<string>();
    for (const phone of input.phones) {
      const n = normalizePhone(phone.number, this.tenant.areaCode);
      if (!n) throw new Error(`客户 ${input.customerNo} 的电话号码格式不正确：${phone.number}`);
      if (seen.has(n.normalized)) continue;
      if (seen.size === MAX_CUSTOMER_PHONES) throw new Error(`客户 ${input.customerNo} 的电话超过 ${MAX_CUSTOMER_PHONES} 个`);
      seen.add(n.normalized);
      const phoneId = this.tables.phones.nextId++;
      this.tables.phones.rows.push([
        phoneId,
        id,
        phone.number.trim(),
        n.normalized,
        n.kind,
        seen.size === 1,
        phone.label ?? null,
        this.now,
        this.now,
      ]);
      this.counts.phones += 1;
    }
    return id;
  }

  addHouse(input: SeedHouseInput): number {
    if (input.unit.type !== 'unit') throw new Error(`房屋只能挂在单元下：${input.unit.name}`);
    const id = this.tables.houses.nextId++;
    const area = input.areaM2 === null ? null : Math.round(input.areaM2 * 100) / 100;
    this.tables.houses.rows.push([
      id,
      input.unit.id,
      input.roomNo,
      houseAddress(input.unit.address, input.roomNo),
      area,
      input.heatingStatus,
      input.billingNo,
      input.customerId,
      this.now,
      this.now,
    ]);
    this.counts.houses += 1;
    return id;
  }

  /** Send every full batch; waits only when earlier statements are still queued. Call it often. */
  async flushFull(): Promise<void> {
    for (const key of Object.keys(this.tables) as TableKey[]) {
      while (this.tables[key].rows.length >= this.batchSize) await this.send(key, this.tables[key].rows.splice(0, this.batchSize));
    }
  }

  /** Send everything still buffered and wait until it is written. */
  async finish(): Promise<BulkCounts> {
    for (const key of Object.keys(this.tables) as TableKey[]) {
      const table = this.tables[key];
      while (table.rows.length) await this.send(key, table.rows.splice(0, this.batchSize));
    }
    while (this.queued.length) await this.queued.shift();
    return { ...this.counts };
  }

  /** One audit record in this subsidiary database, in the same transaction (after the buffered rows). */
  async audit(entry: AuditEntry): Promise<void> {
    await this.finish();
    await writeAudit(this.db, this.tx, SEED_ACTOR, entry);
  }

  private async send(key: TableKey, rows: SqlValue[][]): Promise<void> {
    const table = this.tables[key];
    const sql = insertStatement(this.db, table.name, table.columns, rows);
    while (this.queued.length >= MAX_IN_FLIGHT) await this.queued.shift();
    const previous = this.queued.at(-1) ?? Promise.resolve();
    const next = previous.then(() => this.db.query(sql, { type: QueryTypes.INSERT, transaction: this.tx }));
    // Marked handled here; a failure still surfaces when `flushFull` or `finish` awaits it.
    next.catch(() => undefined);
    this.queued.push(next);
  }
}
