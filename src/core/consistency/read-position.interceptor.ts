import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { from, type Observable } from 'rxjs';
import { mergeMap } from 'rxjs/operators';
import type { HeaderReply } from '../http/header-reply.js';
import { ValidationFailedError } from '../http/request-validation.js';
import { ReadPositions } from '../projections/read-positions.js';
import { MIN_POSITION_RULE, POSITION_PATTERN } from './min-position.js';
import { READS_VIEWS } from './reads-views.decorator.js';

interface QueryRequest {
  query: Record<string, unknown>;
}

/**
 * Read-your-writes: on a route marked with @ReadsViews, `?minPosition=<position>` holds the query
 * until those views have applied the log up to that position (bounded; then 503 with Retry-After),
 * and every answer carries `X-Read-Position`, the position the views had reached when read.
 */
@Injectable()
export class ReadPositionInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly projections: ReadPositions,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const views = this.reflector.getAllAndOverride<string[] | undefined>(READS_VIEWS, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!views?.length) return next.handle();
    const http = context.switchToHttp();
    const minPosition = this.parseMinPosition(http.getRequest<QueryRequest>().query.minPosition);
    const reached =
      minPosition === undefined
        ? this.projections.positionOf(views)
        : this.projections.waitFor(views, minPosition);
    return from(reached).pipe(
      mergeMap((position) => {
        http.getResponse<HeaderReply>().header('X-Read-Position', String(position));
        return next.handle();
      }),
    );
  }

  private parseMinPosition(raw: unknown): number | undefined {
    if (raw === undefined) return undefined;
    if (typeof raw !== 'string' || !POSITION_PATTERN.test(raw)) {
      throw new ValidationFailedError([{ field: 'minPosition', message: MIN_POSITION_RULE }]);
    }
    return Number(raw);
  }
}
