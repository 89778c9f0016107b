import { SetMetadata } from '@nestjs/common';

export const READS_VIEWS = Symbol('READS_VIEWS');

/**
 * Names the projections whose views a query route reads, so that `?minPosition=` waits for exactly
 * those and `X-Read-Position` reports their position.
 */
export const ReadsViews = (...projections: string[]) => SetMetadata(READS_VIEWS, projections);

/** Stands for the event log itself, for the queries that read it (history): its position is the head. */
export const THE_LOG = '$log';
