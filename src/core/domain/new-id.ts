import { randomFillSync } from 'node:crypto';
import { v7 } from 'uuid';

/** Random bytes drawn a pool at a time, as node's own randomUUID does. */
const pool = new Uint8Array(16 * 256);
let next = pool.length;
const randomBytes16 = (): Uint8Array => {
  if (next === pool.length) {
    randomFillSync(pool);
    next = 0;
  }
  return pool.subarray(next, (next += 16));
};

/**
 * The id of anything this application names itself: an event, a command, a request, a correlation,
 * an aggregate created without one. A UUID of version 7, whose first 48 bits are the time in
 * milliseconds: ids made one after another sort by the millisecond they were made in, so each lands
 * at the right edge of its B-tree index (event_log's event and correlation ids, processed_commands,
 * the streams and the views' keys) where a random UUID dirties a random page of it, on every commit,
 * in every index (decision 0320).
 *
 * The random bits come from a pool: uuid's own source calls crypto.getRandomValues for every id,
 * 5 µs each on Node 20 (node's randomUUID: 0.1 µs), three or four per request.
 */
export const newId = (): string => v7({ random: randomBytes16() });
