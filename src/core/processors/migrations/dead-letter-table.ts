import type { TableOptions } from 'typeorm';

/** The dead-letter table of one store, as its migration creates it. */
export function deadLetterTable(name: string): TableOptions {
  return {
    name,
    columns: [
      { name: 'processor', type: 'varchar', length: '100', isPrimary: true },
      { name: 'position', type: 'bigint', isPrimary: true },
      { name: 'event_id', type: 'varchar', length: '100' },
      { name: 'type', type: 'varchar', length: '200' },
      { name: 'stream_id', type: 'varchar', length: '200' },
      { name: 'error', type: 'text' },
      { name: 'dead_at', type: 'varchar', length: '30' },
    ],
  };
}
