// Drops the run's database, whatever the tests left in it.
import { withServer } from './postgres-server.mjs';

export default async function globalTeardown() {
  const database = process.env.TEST_DATABASE_NAME;
  if (!database) return;
  await withServer((client) => client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
}
