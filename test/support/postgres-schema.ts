import { basename } from 'node:path';
import { Client } from 'pg';

/**
 * Under `npm run test:postgres` (TEST_DATABASE_URL set by its global set-up) every test app gets a
 * schema of its own in the run's database, named after its data folder: an app restarted on the
 * same folder finds its data again, and apps never see each other's. The schema is chosen by the
 * URL's `options=-c search_path=…`, so the application needs no notion of it.
 */
export interface PostgresSchema {
  readonly url: string;
  drop(): Promise<void>;
}

export function testDatabaseUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL || undefined;
}

export function schemaNameFor(dataDir: string): string {
  return `app_${basename(dataDir)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '_')}`;
}

export function urlWithSearchPath(databaseUrl: string, schema: string): string {
  const url = new URL(databaseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}

async function run(databaseUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function postgresSchema(databaseUrl: string, dataDir: string): Promise<PostgresSchema> {
  const schema = schemaNameFor(dataDir);
  await run(databaseUrl, `CREATE SCHEMA IF NOT EXISTS ${schema}`);
  return {
    url: urlWithSearchPath(databaseUrl, schema),
    drop: () => run(databaseUrl, `DROP SCHEMA IF EXISTS ${schema} CASCADE`),
  };
}
