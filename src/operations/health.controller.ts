import { Controller, Get } from '@nestjs/common';
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
    description: 'A store does not answer (in time), or the process is shutting down',
    schema: healthCheckSchema(false),
  })
  check(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.db.pingCheck('writeStore', { connection: this.writeStore }).withTimeout(PING_TIMEOUT_MS),
      () => this.db.pingCheck('readStore', { connection: this.readStore }).withTimeout(PING_TIMEOUT_MS),
    ]);
  }
}
