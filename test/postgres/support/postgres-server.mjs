// Where the PostgreSQL of `npm run test:postgres` is: TEST_POSTGRES_URL, else the libpq variables
// (PGHOST, PGPORT, PGUSER, PGPASSWORD), else 127.0.0.1:5432 as user postgres.
import { Client } from 'pg';

export function serverUrl(database = 'postgres') {
  if (process.env.TEST_POSTGRES_URL) {
    const url = new URL(process.env.TEST_POSTGRES_URL);
    url.pathname = `/${database}`;
    return url.toString();
  }
  const url = new URL('postgres://localhost');
  url.hostname = process.env.PGHOST || '127.0.0.1';
  url.port = process.env.PGPORT || '5432';
  url.username = process.env.PGUSER || 'postgres';
  if (process.env.PGPASSWORD) url.password = process.env.PGPASSWORD;
  url.pathname = `/${database}`;
  return url.toString();
}

/** Runs `work` with a client on the server's maintenance database. */
export async function withServer(work) {
  const client = new Client({ connectionString: serverUrl(), connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    const where = serverUrl().replace(/:[^:@/]*@/, ':***@');
    throw new Error(
      `npm run test:postgres needs a reachable PostgreSQL, and ${where} answered: ${error.message}.\n` +
        'Start one, or point TEST_POSTGRES_URL (postgres://user:password@host:port) or PGHOST, PGPORT, ' +
        'PGUSER and PGPASSWORD at one; the user must be allowed to create databases.',
      { cause: error },
    );
  }
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
