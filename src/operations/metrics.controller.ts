import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';

const CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
import { AppMetrics } from './metrics/app-metrics.js';

@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: AppMetrics) {}

  @Get()
  @Header('Content-Type', CONTENT_TYPE)
  @ApiOperation({ summary: 'Prometheus metrics: commands, queries, events, projections, HTTP' })
  @ApiProduces(CONTENT_TYPE)
  @ApiOkResponse({
    description: 'Prometheus text format',
    schema: {
      type: 'string',
      example:
        '# HELP cqrs_event_log_head_position The highest position of the event log that consumers may read\n' +
        '# TYPE cqrs_event_log_head_position gauge\ncqrs_event_log_head_position 42\n',
    },
  })
  render(): Promise<string> {
    return this.metrics.render();
  }
}
