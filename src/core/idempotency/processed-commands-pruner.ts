import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { In } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { WriteTransactions } from '../database/write-transactions.js';
import { IDEMPOTENCY_KEY_PREFIX } from './idempotency-key.guard.js';
import { ProcessedCommandEntity } from './processed-command.entity.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const EVERY_MS = 60 * 60 * 1000;
/** Rows per delete: each batch is a short write transaction of its own, so commands keep flowing. */
const BATCH = 1000;

/**
 * Deletes the records of Idempotency-Keys older than PROCESSED_COMMANDS_RETENTION_DAYS, hourly, in
 * the processes that take commands. A saga step's record is kept: a reactor may deliver its cause
 * again however old it is (a failed reactor resumed, a dead letter retried), and the record is what
 * keeps that step from running twice (README "Operations", processed commands).
 */
@Injectable()
export class ProcessedCommandsPruner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ProcessedCommands');
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    private readonly writes: WriteTransactions,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const { role, processedCommandsRetentionDays: days } = this.config;
    if (days === 0 || (role !== 'all' && role !== 'command')) return;
    const tick = () => void this.pruneOnce();
    this.timer = setInterval(tick, EVERY_MS).unref();
    tick();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Deletes the key records processed before `now` minus the retention; answers how many. */
  async prune(now = new Date()): Promise<number> {
    const days = this.config.processedCommandsRetentionDays;
    if (days === 0) return 0;
    const before = new Date(now.getTime() - days * DAY_MS).toISOString();
    let deleted = 0;
    for (;;) {
      const batch = await this.writes.run(async ({ manager }) => {
        const rows = await manager
          .createQueryBuilder(ProcessedCommandEntity, 'p')
          .select('p.commandId', 'commandId')
          .where('p.processedAt < :before', { before })
          .andWhere('p.commandId LIKE :prefix', { prefix: `${IDEMPOTENCY_KEY_PREFIX}%` })
          .limit(BATCH)
          .getRawMany<{ commandId: string }>();
        if (rows.length > 0)
          await manager.delete(ProcessedCommandEntity, { commandId: In(rows.map((row) => row.commandId)) });
        return rows.length;
      });
      deleted += batch;
      if (batch < BATCH) return deleted;
    }
  }

  private async pruneOnce(): Promise<void> {
    if (this.running) return;
    this.running = this.prune();
    try {
      const deleted = await this.running;
      if (deleted > 0) this.logger.log({ msg: 'pruned Idempotency-Key records', deleted });
    } catch (error) {
      // A store that is down now is retried at the next tick; nothing depends on this run.
      this.logger.warn({ msg: 'pruning processed commands failed', error: String(error) });
    } finally {
      this.running = undefined;
    }
  }
}
