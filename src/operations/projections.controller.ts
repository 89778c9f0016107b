import { Controller, Get, HttpCode, HttpStatus, Param, Post, UseGuards } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ApiErrorResponse, EventStore, ProjectionManager } from '../core/index.js';
import { AdminTokenGuard } from './admin-token.guard.js';
import { ProjectionStateResponse } from './dto/projection-state.response.js';
import { RebuildStartedResponse } from './dto/rebuild-started.response.js';

@ApiTags('operations')
@Controller('projections')
export class ProjectionsController {
  constructor(
    private readonly projections: ProjectionManager,
    private readonly eventStore: EventStore,
  ) {}

  @Get()
  @ApiOperation({ summary: "Every projection's position, the log's head, lag, status and last error" })
  @ApiOkResponse({ type: [ProjectionStateResponse] })
  async list(): Promise<ProjectionStateResponse[]> {
    // The head first: a projection read afterwards can only be further, so lag never goes negative.
    const head = await this.eventStore.headPosition();
    const states = await this.projections.states();
    return states.map(({ name, position, status, lastError }) => ({
      name,
      position: String(position),
      headPosition: String(Math.max(head, position)),
      lag: Math.max(0, head - position),
      status,
      lastError,
    }));
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
  @ApiAcceptedResponse({ type: RebuildStartedResponse })
  @ApiUnauthorizedResponse({ type: ApiErrorResponse, description: 'No admin token' })
  @ApiForbiddenResponse({ type: ApiErrorResponse, description: 'Wrong admin token, or ADMIN_TOKEN unset' })
  @ApiNotFoundResponse({ type: ApiErrorResponse, description: 'No such projection' })
  @ApiConflictResponse({ type: ApiErrorResponse, description: 'A rebuild of it is already running' })
  rebuild(@Param('name') name: string): RebuildStartedResponse {
    this.projections.rebuild(name);
    return { name, status: 'rebuilding' };
  }
}
