import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  type HealthCheckResult,
  HealthCheckService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { READ_STORE, WRITE_STORE } from '../core/index.js';
import { healthCheckSchema } from './dto/health-check.schema.js';

const PING_TIMEOUT_MS = 2000;

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    @InjectDataSource(WRITE_STORE) private readonly writeStore: DataSource,
    @InjectDataSource(READ_STORE) private readonly readStore: DataSource,
  ) {}

  @Get()
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @ApiOperation({ summary: '200 when both stores answer, 503 otherwise' })
  @ApiOkResponse({ description: 'Both stores answer', schema: healthCheckSchema(true) })
  @ApiServiceUnavailableResponse({
    description: 'A store does not answer (in time), or the process is shutting down. Codes: UNHEALTHY',
    schema: healthCheckSchema(false),
  })
  async check(): Promise<HealthCheckResult> {
    try {
      return await this.health.check([
        () => this.db.pingCheck('writeStore', { connection: this.writeStore }).withTimeout(PING_TIMEOUT_MS),
        () => this.db.pingCheck('readStore', { connection: this.readStore }).withTimeout(PING_TIMEOUT_MS),
      ]);
    } catch (error) {
      throw unhealthy(error);
    }
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
