// Creates the run's own database; test/support/test-app.ts gives every test app a schema in it.
import { serverUrl, withServer } from './postgres-server.mjs';

export default async function globalSetup() {
  const database = `cqrs_test_${Date.now()}_${process.pid}`;
  await withServer((client) => client.query(`CREATE DATABASE ${database}`));
  process.env.TEST_DATABASE_NAME = database;
  process.env.TEST_DATABASE_URL = serverUrl(database);
  // The fault tests that run the built server as a child process (crash durability, concurrent
  // writers) take their stores from here; the in-process apps get a schema each (test-app.ts).
  process.env.DATABASE_URL = process.env.READ_DATABASE_URL = serverUrl(database);
}
