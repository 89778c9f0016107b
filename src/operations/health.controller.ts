import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  type HealthCheckResult,
  HealthCheckService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { READ_STORE, WRITE_STORE } from '../core/index.js';

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
  @HealthCheck()
  @ApiOperation({ summary: '200 when both stores answer, 503 otherwise' })
  check(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.db.pingCheck('writeStore', { connection: this.writeStore }).withTimeout(PING_TIMEOUT_MS),
      () => this.db.pingCheck('readStore', { connection: this.readStore }).withTimeout(PING_TIMEOUT_MS),
    ]);
  }
}
