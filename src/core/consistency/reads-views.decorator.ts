import { applyDecorators, SetMetadata, UseGuards } from '@nestjs/common';
import { ReadPositionGuard } from './read-position.guard.js';
import { READS_VIEWS } from './reads-views.metadata.js';

/**
 * Names the projections (or THE_LOG) whose views a query route, or every route of a controller,
 * reads, so that `?minPosition=` waits for exactly those and `X-Read-Position` reports their
 * position: it applies ReadPositionGuard, which does both; nothing else needs registering.
 */
export const ReadsViews = (...projections: string[]) =>
  applyDecorators(SetMetadata(READS_VIEWS, projections), UseGuards(ReadPositionGuard));
