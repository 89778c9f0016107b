import { applyDecorators, Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import {
  ApiErrorAnswer,
  BadRequestResponse,
  EventLogBrowser,
  type LoggedEvent,
  type LogPage,
} from '../../core/index.js';
import { AdminRoute } from '../admin-route.decorator.js';
import { LOG_PAGE, LogPageParams } from './log-page.params.js';
import { LOG_ID, LOG_POSITION, LogIdParam, LogPositionParam } from './log-path-params.js';
import { LoggedEventResponse, LogPageResponse } from './logged-event.response.js';

/** The Swagger of one log route: its summary, answer, parameter and the 400 and 404 it answers. */
function ApiLogRoute(
  summary: string,
  type: typeof LogPageResponse | typeof LoggedEventResponse,
  notFound: { code: string; message: string },
) {
  return applyDecorators(
    AdminRoute(),
    ApiOperation({ summary }),
    ApiOkResponse({ type, description: 'From the event log itself, committed events only' }),
    ApiErrorAnswer({
      status: 400,
      type: BadRequestResponse,
      description: 'A malformed path parameter or paging parameter (errors lists each)',
      codes: ['VALIDATION_FAILED'],
      message: 'limit must be an integer from 1 to 1,000',
      extra: { errors: [{ field: 'limit', message: 'limit must be an integer from 1 to 1,000' }] },
    }),
    ApiErrorAnswer({
      status: 404,
      description: 'Nothing in the log',
      codes: [notFound.code],
      message: notFound.message,
    }),
  );
}

const page = ({ events, next }: LogPage): LogPageResponse => ({
  events: events.map(toResponse),
  next: next === null ? null : String(next),
});

const toResponse = (event: LoggedEvent): LoggedEventResponse => ({
  ...event,
  position: String(event.position),
  metadata: { ...event.metadata, traceparent: event.metadata.traceparent ?? null },
});

/**
 * The event log for operators (the console's event browser), admin only: the log holds every
 * client's data. Served with /projections, by the roles that run the processors.
 */
@ApiTags('operations')
@Controller('log')
export class LogController {
  constructor(private readonly browser: EventLogBrowser) {}

  @Get('streams/:streamId')
  @ApiLogRoute('The events of one stream (an inventory item, an order), in order (admin)', LogPageResponse, {
    code: 'STREAM_NOT_FOUND',
    message: 'No events in stream 0b5e8a52-6a40-4a70-9c51-2f1e3f2f9d10',
  })
  @ApiParam({
    name: 'streamId',
    description: `A stream id: ${LOG_ID.rule}`,
    example: '0b5e8a52-6a40-4a70-9c51-2f1e3f2f9d10',
  })
  async stream(
    @LogIdParam('streamId') streamId: string,
    @Query() { after = 0, limit = LOG_PAGE.default }: LogPageParams,
  ): Promise<LogPageResponse> {
    return page(await this.browser.stream(streamId, { after, limit }));
  }

  @Get('correlations/:correlationId')
  @ApiLogRoute(
    'Every event one request caused, across streams and modules (its saga and the commands it sent), in log order (admin)',
    LogPageResponse,
    {
      code: 'CORRELATION_NOT_FOUND',
      message: 'No events with correlation id b7c2e9f4-0d31-4c8a-9e55-6f1a2d3c4b5e',
    },
  )
  @ApiParam({
    name: 'correlationId',
    description: `The X-Correlation-Id of the request: ${LOG_ID.rule}`,
    example: 'b7c2e9f4-0d31-4c8a-9e55-6f1a2d3c4b5e',
  })
  async correlation(
    @LogIdParam('correlationId') correlationId: string,
    @Query() { after = 0, limit = LOG_PAGE.default }: LogPageParams,
  ): Promise<LogPageResponse> {
    return page(await this.browser.correlation(correlationId, { after, limit }));
  }

  @Get('events/:position')
  @ApiLogRoute('The event at one log position (admin)', LoggedEventResponse, {
    code: 'EVENT_NOT_FOUND',
    message: 'No event at position 42',
  })
  @ApiParam({ name: 'position', description: LOG_POSITION.rule, example: '42' })
  async event(@LogPositionParam('position') position: string): Promise<LoggedEventResponse> {
    return toResponse(await this.browser.event(Number(position)));
  }
}
