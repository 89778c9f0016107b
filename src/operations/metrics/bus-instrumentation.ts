import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import type { Counter, Histogram } from 'prom-client';
import { DomainError } from '../../core/index.js';
import { AppMetrics } from './app-metrics.js';

interface Bus {
  execute(message: object, ...rest: unknown[]): Promise<unknown>;
}

/**
 * Counts and times every command and query at the buses themselves, whoever sends it (a controller,
 * a saga, a host application), and logs each one at debug level within its command context.
 */
@Injectable()
export class BusInstrumentation implements OnModuleInit {
  private readonly logger = new Logger('Buses');

  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
    private readonly metrics: AppMetrics,
  ) {}

  onModuleInit(): void {
    this.wrap(
      this.commandBus as unknown as Bus,
      'command',
      this.metrics.commands,
      this.metrics.commandDuration,
    );
    this.wrap(this.queryBus as unknown as Bus, 'query', this.metrics.queries, this.metrics.queryDuration);
  }

  private wrap(
    bus: Bus,
    kind: string,
    counter: Counter<'type' | 'outcome'>,
    duration: Histogram<'type' | 'outcome'>,
  ): void {
    const execute = bus.execute.bind(bus);
    bus.execute = async (message, ...rest) => {
      const type = message.constructor.name;
      const started = process.hrtime.bigint();
      let outcome = 'ok';
      try {
        return await execute(message, ...rest);
      } catch (error) {
        outcome = error instanceof DomainError ? error.category : 'error';
        throw error;
      } finally {
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        counter.inc({ type, outcome });
        duration.observe({ type, outcome }, seconds);
        this.logger.debug(`${kind} ${outcome}`, { kind, type, outcome, durationMs: seconds * 1000 });
      }
    };
  }
}
