import { loadConfig } from './app-config.js';

describe('loadConfig', () => {
  it('defaults to one process running every role on embedded SQLite', () => {
    const config = loadConfig({});
    expect(config.role).toBe('all');
    expect(config.databaseUrl).toBeUndefined();
    expect(config.readDatabaseUrl).toBeUndefined();
  });

  it.each(['command', 'query', 'projector'])('refuses APP_ROLE=%s on SQLite, saying why', (role) => {
    expect(() => loadConfig({ APP_ROLE: role })).toThrow(/needs PostgreSQL: set DATABASE_URL/);
  });

  it.each(['command', 'query', 'projector'])('accepts APP_ROLE=%s on PostgreSQL', (role) => {
    expect(loadConfig({ APP_ROLE: role, DATABASE_URL: 'postgres://db/app' }).role).toBe(role);
  });

  it('reads the views from DATABASE_URL unless READ_DATABASE_URL says otherwise', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://db/app' }).readDatabaseUrl).toBe('postgres://db/app');
    expect(
      loadConfig({ DATABASE_URL: 'postgres://db/app', READ_DATABASE_URL: 'postgres://replica/app' })
        .readDatabaseUrl,
    ).toBe('postgres://replica/app');
  });

  it('sizes the write pool from DATABASE_POOL_SIZE (10 by default) and refuses a size below 1', () => {
    expect(loadConfig({}).databasePoolSize).toBe(10);
    expect(loadConfig({ DATABASE_POOL_SIZE: '24' }).databasePoolSize).toBe(24);
    expect(() => loadConfig({ DATABASE_POOL_SIZE: '0' })).toThrow(
      /DATABASE_POOL_SIZE must be an integer >= 1/,
    );
  });

  it('runs nothing of NATS unless NATS_URL is set, and streams to INTEGRATION unless NATS_STREAM says otherwise', () => {
    expect(loadConfig({}).nats).toBeUndefined();
    expect(loadConfig({ NATS_URL: '' }).nats).toBeUndefined();
    expect(loadConfig({ NATS_URL: 'nats://127.0.0.1:4222' }).nats).toEqual({
      servers: ['nats://127.0.0.1:4222'],
      stream: 'INTEGRATION',
    });
    expect(loadConfig({ NATS_URL: 'nats://a:4222, nats://b:4222', NATS_STREAM: 'SHOP_OUT' }).nats).toEqual({
      servers: ['nats://a:4222', 'nats://b:4222'],
      stream: 'SHOP_OUT',
    });
  });

  it('refuses a NATS_URL or NATS_STREAM it could not use, naming the variable', () => {
    expect(() => loadConfig({ NATS_URL: 'http://x y' })).toThrow(/^NATS_URL must be nats:\/\/host:port/);
    expect(() => loadConfig({ NATS_URL: 'nats://a:4222', NATS_STREAM: 'a.b' })).toThrow(
      /^NATS_STREAM must be 1 to 64 letters/,
    );
  });
});
