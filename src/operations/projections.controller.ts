import { Controller, Get, HttpCode, HttpStatus, Param, Post, UseGuards } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import {
  ApiErrorAnswer,
  EventStore,
  leaseNameOf,
  ProcessorStates,
  ProjectionRebuilds,
  ProjectorLease,
} from '../core/index.js';
import { AdminTokenGuard } from './admin-token.guard.js';
import { ProjectionStateResponse } from './dto/projection-state.response.js';
import { RebuildStartedResponse } from './dto/rebuild-started.response.js';

@ApiTags('operations')
@Controller('projections')
export class ProjectionsController {
  constructor(
    private readonly states: ProcessorStates,
    private readonly rebuilds: ProjectionRebuilds,
    private readonly eventStore: EventStore,
    private readonly lease: ProjectorLease,
  ) {}

  @Get()
  @ApiOperation({
    summary: "Every processor's kind, position, the log's head, lag, status, last error and dead letters",
    description: 'Projections, reactors (sagas) and forwarders: every consumer of the log.',
  })
  @ApiOkResponse({ type: [ProjectionStateResponse], description: 'One entry per processor' })
  async list(): Promise<ProjectionStateResponse[]> {
    // The head first: a projection read afterwards can only be further, so lag never goes negative.
    const head = await this.eventStore.headPosition();
    const states = await this.states.states();
    const holders = await this.lease.holders(states.map(({ kind, name }) => leaseNameOf(kind, name)));
    return states.map(({ name, kind, position, status, lastError, failedPosition, deadLetters, ...own }) => {
      // An inbound consumer's position is in its own source: its lag is against that source's head.
      const top = own.headPosition ?? head;
      return {
        name,
        kind,
        position: String(position),
        headPosition: String(Math.max(top, position)),
        lag: Math.max(0, top - position),
        status,
        lastError,
        failedPosition: failedPosition === null ? null : String(failedPosition),
        deadLetters,
        // By `<kind>:<name>`, the supervisor's lease names; an inbound consumer's (`consumer:<name>`) is not looked up.
        holder: holders.get(leaseNameOf(kind, name)) ?? null,
      };
    });
  }

  @Post(':name/rebuild')
  @HttpCode(HttpStatus.ACCEPTED)
  @UseGuards(AdminTokenGuard)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Rebuild a view from the log beside the live one, then swap it in (admin)',
    description:
      'Answers at once; GET /projections shows status "rebuilding" until the new view has replaced the old one. Queries keep answering from the live view meanwhile.',
  })
  @ApiParam({ name: 'name', description: 'A name GET /projections lists', example: 'inventory-list' })
  @ApiAcceptedResponse({ type: RebuildStartedResponse, description: 'The rebuild has started' })
  @ApiErrorAnswer({
    status: 401,
    description: 'No admin token',
    codes: ['UNAUTHORIZED'],
    message: 'An admin token is required: Authorization: Bearer <token>',
  })
  @ApiErrorAnswer({
    status: 403,
    description: 'Wrong admin token, or ADMIN_TOKEN unset',
    codes: ['FORBIDDEN'],
    message: 'The admin token is not valid',
  })
  @ApiErrorAnswer({
    status: 404,
    description: 'No such projection, or it does not run in this process',
    codes: ['PROJECTION_NOT_FOUND', 'PROJECTION_NOT_RUN_HERE'],
    message: 'No projection named inventory-lists',
  })
  @ApiErrorAnswer({
    status: 409,
    description: 'A rebuild of it is already running',
    codes: ['REBUILD_IN_PROGRESS'],
    message: 'A rebuild of projection inventory-list is already running',
  })
  rebuild(@Param('name') name: string): RebuildStartedResponse {
    this.rebuilds.rebuild(name);
    return { name, status: 'rebuilding' };
  }
}
