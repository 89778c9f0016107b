import { ConsoleLogger } from '@nestjs/common';
import type { AppConfig } from '../../core/index.js';
import { AppLogger } from './app-logger.js';

const FIELDS = { projection: 'inventory-list', position: 42, type: 'ItemsCheckedIn', correlationId: 'c-1' };

describe('a log line with fields: logger.debug(message, fields)', () => {
  it('is one JSON line with the fields as keys in the application', () => {
    const lines: string[] = [];
    const logger = new AppLogger({ logLevel: 'debug' } as AppConfig, {
      write: (line: string) => void lines.push(line),
    });
    logger.debug('event projected', FIELDS, 'ProjectionRunner');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({
      msg: 'event projected',
      context: 'ProjectionRunner',
      ...FIELDS,
    });
  });

  it("is one line in Nest's console logger, the default of a host application", () => {
    const written: string[] = [];
    const original = process.stdout.write;
    process.stdout.write = ((chunk: string | Uint8Array) => written.push(String(chunk)) > 0) as never;
    try {
      new ConsoleLogger('ProjectionRunner', { colors: false }).debug('event projected', FIELDS);
    } finally {
      process.stdout.write = original;
    }
    const output = written.join('');
    expect(output.trimEnd().split('\n')).toHaveLength(1);
    expect(output).toContain('event projected');
    expect(output).toContain('inventory-list');
  });
});
