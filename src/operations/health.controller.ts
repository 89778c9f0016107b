import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  type HealthCheckResult,
  HealthCheckService,
  type HealthIndicatorResult,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import {
  APP_CONFIG,
  type AppConfig,
  ProcessorSupervisor,
  READ_STORE,
  WRITE_STORE,
  WriteTransactions,
} from '../core/index.js';
import { healthCheckSchema } from './dto/health-check.schema.js';

const TIMEOUT_MS = 2000;
/**
 * A commit that failed for a reason of the store this recently keeps the write store `down` even if
 * the probe commits: on a nearly full disk a tiny probe may fit where a command does not.
 */
const RECENT_FAULT_MS = 5000;

function within<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timeout of ${ms}ms exceeded`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

const reasonOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Readiness (`/health`, `/health/ready`): 503 when the write store cannot commit, the read store cannot
 * be read, or a processor has been stuck on one read or batch past PROCESSOR_STALL_MS, each named in
 * terminus's `error` and `details`. Liveness (`/health/live`): 200 while the process serves HTTP at
 * all, whatever its stores do: restarting a process does not mend a database.
 */
@ApiTags('operations')
@Controller('health')
export class HealthController {
  private readonly probeName: string;

  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly writes: WriteTransactions,
    private readonly processors: ProcessorSupervisor,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource(WRITE_STORE) private readonly writeStore: DataSource,
    @InjectDataSource(READ_STORE) private readonly readStore: DataSource,
  ) {
    this.probeName = `health:${config.role}`;
  }

  @Get()
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @ApiOperation({
    summary: 'Readiness: 200 when the stores can be written and read and no processor is stalled',
  })
  @ApiOkResponse({ description: 'Ready', schema: healthCheckSchema(true) })
  @ApiServiceUnavailableResponse({
    description:
      'A store cannot commit or be read (in time), a processor is stalled, or the process is shutting down. Codes: UNHEALTHY',
    schema: healthCheckSchema(false),
  })
  check(): Promise<HealthCheckResult> {
    return this.ready();
  }

  @Get('ready')
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @ApiOperation({ summary: 'Readiness (the same as /health): whether to send this process traffic' })
  @ApiOkResponse({ description: 'Ready', schema: healthCheckSchema(true) })
  @ApiServiceUnavailableResponse({
    description: 'Not ready; `details` says which. Codes: UNHEALTHY',
    schema: healthCheckSchema(false),
  })
  async ready(): Promise<HealthCheckResult> {
    try {
      return await this.health.check([
        () => this.writeStoreCheck(),
        () => this.db.pingCheck('readStore', { connection: this.readStore }).withTimeout(TIMEOUT_MS),
        () => this.processorsCheck(),
      ]);
    } catch (error) {
      throw unhealthy(error);
    }
  }

  @Get('live')
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @ApiOperation({ summary: 'Liveness: 200 while the process answers HTTP, whatever its stores' })
  @ApiOkResponse({ description: 'Alive', schema: healthCheckSchema(true) })
  live(): Promise<HealthCheckResult> {
    return this.health.check([() => this.indicators.check('process').up({ pid: process.pid })]);
  }

  /**
   * Where this process writes the write store, a real commit (a ping answers on a full disk too);
   * a query process, which only reads the log there, pings it.
   */
  private async writeStoreCheck(): Promise<HealthIndicatorResult> {
    if (this.config.role === 'query') {
      return this.db.pingCheck('writeStore', { connection: this.writeStore }).withTimeout(TIMEOUT_MS);
    }
    const indicator = this.indicators.check('writeStore');
    const before = this.writes.commitFault;
    try {
      await within(this.writes.probe(this.probeName), TIMEOUT_MS);
    } catch (error) {
      const fault = this.writes.commitFault;
      return indicator.down({
        message: `cannot commit: ${reasonOf(error)}`,
        ...(fault ? { since: fault.since.toISOString() } : {}),
      });
    }
    if (before && Date.now() - before.last.getTime() < RECENT_FAULT_MS) {
      return indicator.down({
        message: `a commit failed ${Date.now() - before.last.getTime()} ms ago: ${before.reason}`,
        since: before.since.toISOString(),
      });
    }
    return indicator.up();
  }

  private processorsCheck(): HealthIndicatorResult {
    const indicator = this.indicators.check('processors');
    const now = Date.now();
    const busy: Record<string, number> = {};
    for (const name of this.processors.names()) {
      const runner = this.processors.running(name);
      if (runner) busy[name] = runner.busyForMs(now);
    }
    const stalled = Object.entries(busy).filter(([, ms]) => ms > this.config.processorStallMs);
    if (stalled.length === 0) return indicator.up();
    return indicator.down({
      message: `stalled for more than ${this.config.processorStallMs} ms: ${stalled.map(([name]) => name).join(', ')}`,
      stalledMs: Object.fromEntries(stalled),
    });
  }
}

/**
 * Terminus's 503 in the v2 error shape: its `error` (the failing indicators, also in `details`) gives
 * way to the reason phrase every error body has, and a message names what is down.
 */
function unhealthy(error: unknown): unknown {
  if (!(error instanceof ServiceUnavailableException)) return error;
  const result = error.getResponse() as Partial<HealthCheckResult>;
  const down = Object.keys(result.error ?? {});
  const message =
    result.status === 'shutting_down'
      ? 'Shutting down'
      : `Not healthy: ${down.length > 0 ? down.join(', ') : 'a store'} ${down.length > 1 ? 'are' : 'is'} down`;
  const { status, info, details } = result;
  return new ServiceUnavailableException({ status, info, details, message, code: 'UNHEALTHY' });
}
