import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { HeaderReply } from '../http/header-reply.js';
import { ValidationFailedError } from '../http/request-validation.js';
import { ReadPositions } from '../projections/read-positions.js';
import { MIN_POSITION_RULE, POSITION_PATTERN } from './min-position.js';
import { READS_VIEWS } from './reads-views.metadata.js';

interface QueryRequest {
  query: Record<string, unknown>;
}

/**
 * Read-your-writes: on a route marked with @ReadsViews (which applies this guard), `?minPosition=`
 * holds the query until those views have applied the log up to that position (bounded; then 503
 * with Retry-After), and every answer carries `X-Read-Position`, the position the views had reached
 * before they were read.
 *
 * A guard, not an interceptor, because it acts only before the handler: a route with no
 * interceptor is answered by Nest without the rxjs chain an interceptor costs every request
 * (decision 0290).
 */
@Injectable()
export class ReadPositionGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly projections: ReadPositions,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const views = this.reflector.getAllAndOverride<string[] | undefined>(READS_VIEWS, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!views?.length) return true;
    const http = context.switchToHttp();
    const minPosition = parseMinPosition(http.getRequest<QueryRequest>().query.minPosition);
    const position =
      minPosition === undefined
        ? await this.projections.positionOf(views)
        : await this.projections.waitFor(views, minPosition);
    http.getResponse<HeaderReply>().header('X-Read-Position', String(position));
    return true;
  }
}

function parseMinPosition(raw: unknown): number | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || !POSITION_PATTERN.test(raw)) {
    throw new ValidationFailedError([{ field: 'minPosition', message: MIN_POSITION_RULE }]);
  }
  return Number(raw);
}
