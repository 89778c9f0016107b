/** Where @ReadsViews keeps the names of the views a route reads. */
export const READS_VIEWS = Symbol('READS_VIEWS');

/** Stands for the event log itself, for the queries that read it (history): its position is the head. */
export const THE_LOG = '$log';
