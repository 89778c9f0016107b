/**
 * `?minPosition=`: plain decimal digits, at most 15 of them, so that every accepted position is a
 * safe integer in JavaScript (2^53 has 16 digits) and compares exactly with the log's positions.
 */
export const POSITION_PATTERN = /^\d{1,15}$/;

export const MIN_POSITION_RULE =
  'minPosition must be a log position: 1 to 15 decimal digits (at most 999,999,999,999,999)';
