import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiErrorAnswer, ProcessorAdmin } from '../core/index.js';
import { AdminRoute } from './admin-route.decorator.js';
import { DeadLetterResponse, ProcessorEventResponse } from './dto/dead-letter.response.js';
import { SkipEventRequest } from './dto/skip-event.request.js';
import { ParsePositionPipe } from './position-param.pipe.js';

const NAME = { name: 'name', description: 'A name GET /projections lists', example: 'order-fulfilment' };
const POSITION = {
  name: 'position',
  type: String,
  pattern: '^\\d{1,15}$',
  description: 'The position of a dead letter (decimal digits)',
  example: '1042',
};
const NOT_FOUND = {
  status: 404,
  description: 'No such processor',
  codes: ['PROJECTION_NOT_FOUND'],
  message: 'No processor named order-fulfilments',
};

/**
 * What an operator does for a processor that is stuck on an event (CONTRACT v2 "processors and dead
 * letters"): skip it, see the dead letters, deliver one again. Admin only.
 */
@ApiTags('operations')
@Controller('projections')
@AdminRoute()
export class ProcessorAdminController {
  constructor(private readonly admin: ProcessorAdmin) {}

  @Post(':name/skip')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Skip the event a failed processor stopped before (admin)',
    description:
      'Only when the processor is failed at exactly that position: the event becomes a dead letter of the processor and the processor resumes after it, in one transaction.',
  })
  @ApiParam(NAME)
  @ApiAcceptedResponse({
    type: ProcessorEventResponse,
    description: 'Skipped: the processor resumes after it',
  })
  @ApiErrorAnswer({
    status: 400,
    description: 'The body is not { position: "<decimal>" }',
    codes: ['VALIDATION_FAILED'],
    message: 'position must be a log position: a string of 1 to 15 decimal digits',
  })
  @ApiErrorAnswer(NOT_FOUND)
  @ApiErrorAnswer({
    status: 409,
    description: 'The processor is not failed at that position (or reads no log)',
    codes: ['PROCESSOR_NOT_FAILED_THERE', 'NOT_A_LOG_PROCESSOR'],
    message: 'order-fulfilment is failed at position 1042, not 1041',
  })
  async skip(@Param('name') name: string, @Body() body: SkipEventRequest): Promise<ProcessorEventResponse> {
    await this.admin.skip(name, Number(body.position));
    return { name, position: body.position };
  }

  @Get(':name/dead-letters')
  @ApiOperation({ summary: "A processor's dead letters, oldest first (admin)" })
  @ApiParam(NAME)
  @ApiOkResponse({ type: [DeadLetterResponse], description: 'Oldest first' })
  @ApiErrorAnswer(NOT_FOUND)
  async deadLetters(@Param('name') name: string): Promise<DeadLetterResponse[]> {
    const letters = await this.admin.deadLetters(name);
    return letters.map(({ position, eventId, type, streamId, error, deadAt }) => ({
      position: String(position),
      eventId,
      type,
      streamId,
      error,
      deadAt,
    }));
  }

  @Post(':name/dead-letters/:position/retry')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Deliver a dead letter to its reactor or forwarder again (admin)',
    description:
      'Succeeds: the dead letter is gone. Fails: 422 with the new error, which the dead letter keeps. A projection answers 409: a view is rebuilt, not patched.',
  })
  @ApiParam(NAME)
  @ApiParam(POSITION)
  @ApiOkResponse({ type: ProcessorEventResponse, description: 'Delivered; the dead letter is gone' })
  @ApiErrorAnswer({
    status: 400,
    description: 'The position is not decimal digits',
    codes: ['VALIDATION_FAILED'],
    message: 'position must be a log position: 1 to 15 decimal digits',
  })
  @ApiErrorAnswer({
    status: 404,
    description: 'No such processor, or no dead letter at that position',
    codes: ['PROJECTION_NOT_FOUND', 'DEAD_LETTER_NOT_FOUND'],
    message: 'order-fulfilment has no dead letter at position 1042',
  })
  @ApiErrorAnswer({
    status: 409,
    description: 'A projection (rebuild it instead), or a consumer that reads no log',
    codes: ['PROJECTIONS_ARE_REBUILT', 'NOT_A_LOG_PROCESSOR'],
    message:
      'inventory-list is a projection: its dead letters are not retried one by one; fix the projection and rebuild it',
  })
  @ApiErrorAnswer({
    status: 422,
    description: 'It failed again; the dead letter stays, with this error',
    codes: ['DEAD_LETTER_RETRY_FAILED'],
    message: 'the inventory service refused (retried 2026-11-30T14:05:00.000Z)',
  })
  async retry(
    @Param('name') name: string,
    @Param('position', ParsePositionPipe) position: number,
  ): Promise<ProcessorEventResponse> {
    await this.admin.retry(name, position);
    return { name, position: String(position) };
  }
}
