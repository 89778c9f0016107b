import { Client } from 'pg';

/**
 * A connection of its own, outside TypeORM's pools, for what must live on one session: advisory
 * locks held for as long as the session lives, and LISTEN. Keep-alive makes a dead peer show up as
 * an error rather than a silent hang. The caller must handle 'error' and 'end'.
 */
export async function openPostgresSession(url: string, applicationName: string): Promise<Client> {
  const client = new Client({
    connectionString: url,
    application_name: applicationName,
    keepAlive: true,
    connectionTimeoutMillis: 5000,
  });
  // Without a listener an error on an idle client would be thrown at the process.
  client.on('error', () => undefined);
  await client.connect();
  return client;
}
