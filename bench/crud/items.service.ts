import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager, QueryFailedError } from 'typeorm';
import { Item } from './item.entity.js';
import { READER } from './stores.js';

export interface ItemResult {
  readonly id: string;
  readonly version: number;
}

/**
 * The service a team writes instead of CQRS: the current state in one table, every command a
 * transaction that reads the row under a lock, checks the rules and updates it, guarded by its version.
 */
@Injectable()
export class ItemsService {
  private readonly sqlite: boolean;
  /** SQLite: TypeORM shares one connection, so write transactions must take turns (see write()). */
  private turn: Promise<unknown> = Promise.resolve();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(READER) private readonly reader: DataSource,
  ) {
    this.sqlite = dataSource.options.type === 'better-sqlite3';
  }

  async create(id: string | undefined, name: string, maxQty: number | null): Promise<ItemResult> {
    const item = {
      id: id ?? randomUUID(),
      name: name.trim(),
      currentCount: 0,
      maxQty,
      version: 1,
      active: true,
    };
    try {
      await this.write((manager) => manager.insert(Item, item));
    } catch (error) {
      const code = (error as QueryFailedError & { driverError?: { code?: string } }).driverError?.code ?? '';
      if (code === '23505' || code.startsWith('SQLITE_CONSTRAINT'))
        throw new ConflictException('Item exists');
      throw error;
    }
    return { id: item.id, version: 1 };
  }

  checkIn(id: string, count: number, expectedVersion?: number): Promise<ItemResult> {
    return this.write(async (manager) => {
      const item = await manager.findOne(Item, {
        where: { id },
        // SQLite has no row locks: its write transactions take turns instead.
        lock: this.sqlite ? undefined : { mode: 'pessimistic_write' },
      });
      if (!item) throw new NotFoundException(`Item ${id} not found`);
      if (!item.active) throw new ConflictException('Item is deactivated');
      if (expectedVersion !== undefined && expectedVersion !== item.version)
        throw new ConflictException(`Item is at version ${item.version}`);
      if (item.maxQty !== null && item.currentCount + count > item.maxQty)
        throw new ConflictException('Would exceed maxQty');
      const updated = await manager.update(
        Item,
        { id, version: item.version },
        { currentCount: item.currentCount + count, version: item.version + 1 },
      );
      if (updated.affected !== 1) throw new ConflictException('Item changed meanwhile');
      return { id, version: item.version + 1 };
    });
  }

  async get(id: string): Promise<Item> {
    const item = await this.reader.manager.findOneBy(Item, { id });
    if (!item) throw new NotFoundException(`Item ${id} not found`);
    return item;
  }

  async list(limit: number, offset: number) {
    const [items, total] = await this.reader.manager.findAndCount(Item, {
      select: { id: true, name: true },
      where: { active: true },
      order: { name: 'ASC', id: 'ASC' },
      take: limit,
      skip: offset,
    });
    return { items, total, limit, offset };
  }

  /**
   * One write transaction. On PostgreSQL each takes a pooled connection and they run side by side
   * (the row lock queues writers of one item). On SQLite TypeORM has one connection, where a second
   * transaction begun while one awaits would nest inside it: they run one after the other.
   */
  private write<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (!this.sqlite) return this.dataSource.transaction(work);
    const result = this.turn.then(() => this.dataSource.transaction(work));
    this.turn = result.catch(() => undefined);
    return result;
  }
}
