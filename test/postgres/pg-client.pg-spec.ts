import { StallSafeClient } from '../../src/core/database/postgres-client.js';

/**
 * The pool's client sends one query at a time: concurrent queries on one connection (TypeORM's
 * getTable does it) wait for each other instead of relying on pg's own queue, which pg deprecates.
 */
describe('StallSafeClient', () => {
  let client: StallSafeClient;

  beforeAll(async () => {
    client = new StallSafeClient({ connectionString: process.env.TEST_DATABASE_URL });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
  });

  it('runs concurrent queries on one connection in the order they were called, one at a time', async () => {
    const pending = [3, 1, 2].map((value) =>
      client.query<{ value: number }>('SELECT pg_sleep($1::float / 100), $1::int AS value', [value]),
    );
    // pg's own queue (which it deprecates) holds none of them: each is sent once the one before it
    // has answered.
    const pgQueue = Reflect.get(client, '_queryQueue') as unknown[];
    expect(pgQueue).toHaveLength(0);
    const answers = await Promise.all(pending);
    expect(answers.map((answer) => answer.rows[0].value)).toEqual([3, 1, 2]);
  });

  it('keeps going after a failed query, and answers callbacks too', async () => {
    const failed = client.query('SELECT * FROM no_such_table');
    const next = client.query<{ one: number }>('SELECT 1 AS one');
    await expect(failed).rejects.toThrow(/no_such_table/);
    expect((await next).rows[0].one).toBe(1);
    const viaCallback = await new Promise<number>((resolve, reject) =>
      client.query('SELECT 2 AS two', (error: Error, result: { rows: { two: number }[] }) =>
        error ? reject(error) : resolve(result.rows[0].two),
      ),
    );
    expect(viaCallback).toBe(2);
  });
});
