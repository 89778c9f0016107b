import { v7 } from 'uuid';

/**
 * The id of anything this application names itself: an event, a command, a request, a correlation,
 * an aggregate created without one. A UUID of version 7, whose first 48 bits are the time in
 * milliseconds: ids made one after another sort one after another, so each lands at the right edge
 * of its B-tree index (event_log's event and correlation ids, processed_commands, the streams and
 * the views' keys) where a random UUID dirties a random page of it, on every commit, in every index
 * (decision 0320).
 */
export const newId = (): string => v7();
