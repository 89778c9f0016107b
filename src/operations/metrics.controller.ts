import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AppMetrics } from './metrics/app-metrics.js';

@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: AppMetrics) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOperation({ summary: 'Prometheus metrics: commands, queries, events, projections, HTTP' })
  @ApiOkResponse({ description: 'Prometheus text format', schema: { type: 'string' } })
  render(): Promise<string> {
    return this.metrics.render();
  }
}
