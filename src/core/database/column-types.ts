import type { ValueTransformer } from 'typeorm';

/**
 * Log positions and versions are 64-bit in PostgreSQL (`bigint`, which `pg` returns as a string) and
 * plain integers in SQLite; in JavaScript they are numbers (exact up to 2^53, far beyond any log).
 */
export const bigintAsNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null ? null : Number(value)),
};
