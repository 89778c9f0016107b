import { createHash } from 'node:crypto';
import { WriteTransactions } from '../../../src/core/index.js';
import { RefusalsAsDomainData1796043695000 } from '../../../src/core/idempotency/migrations/1796043695000-refusals-as-domain-data.js';
import { ProcessedCommandEntity } from '../../../src/core/idempotency/processed-command.entity.js';
import { newId } from '../../support/api.js';
import { useTestApp } from '../../support/test-app.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Refusals recorded by the release before (the HTTP answer, `{ status, body }`) are converted to
 * domain data, and a retry with their Idempotency-Key still answers exactly what the first answered.
 */
describe('migration RefusalsAsDomainData', () => {
  const ctx = useTestApp();
  const migration = new RefusalsAsDomainData1796043695000();
  const migrate = (step: 'up' | 'down') =>
    ctx.testApp.app.get(WriteTransactions).run((tx) => migration[step](tx.manager.queryRunner!));
  const storedRefusal = async (commandId: string) =>
    (await ctx.testApp.app
      .get(WriteTransactions)
      .run(({ manager }) => manager.findOneBy(ProcessedCommandEntity, { commandId })))!.refusal;

  it('converts each recorded refusal, replays it byte for byte, and converts it back on down', async () => {
    const item = await ctx.api.createItem();
    const legacy = [
      {
        path: `/inventory-items/${item.id}/remove`,
        body: { count: 1 },
        status: 422,
        answer: {
          requested: 1,
          available: 0,
          statusCode: 422,
          error: 'Unprocessable Entity',
          message: 'Cannot take 1 items: only 0 in stock',
          code: 'INSUFFICIENT_STOCK',
        },
      },
      {
        path: `/inventory-items/${item.id}/check-in`,
        body: { count: 0 },
        status: 400,
        answer: {
          errors: [{ field: 'count', message: 'count must be an integer from 1 to 1,000,000,000' }],
          statusCode: 400,
          error: 'Bad Request',
          message: 'count must be an integer from 1 to 1,000,000,000',
          code: 'VALIDATION_FAILED',
        },
      },
      {
        path: `/inventory-items/${item.id}/rename`,
        body: { name: 'x', expectedVersion: 7 },
        status: 409,
        answer: {
          expectedVersion: 7,
          actualVersion: 1,
          statusCode: 409,
          error: 'Conflict',
          message: `Expected version 7 of ${item.id} but it is at version 1`,
          code: 'VERSION_CONFLICT',
        },
      },
    ].map((refusal) => ({ ...refusal, key: newId() }));
    await ctx.testApp.app.get(WriteTransactions).run(async ({ manager }) => {
      for (const { path, body, status, answer, key } of legacy) {
        await manager.insert(ProcessedCommandEntity, {
          commandId: `idempotency:${sha256(key)}`,
          // As the interceptor takes it: method, path, If-Match, body.
          fingerprint: sha256(JSON.stringify(['POST', path, null, body])),
          result: null,
          refusal: JSON.stringify({ status, body: answer }),
          processedAt: new Date().toISOString(),
        });
      }
    });

    await migrate('up');
    await migrate('up'); // a second run finds nothing left to convert
    expect(JSON.parse((await storedRefusal(`idempotency:${sha256(legacy[0].key)}`))!)).toEqual({
      category: 'rule-violation',
      code: 'INSUFFICIENT_STOCK',
      message: 'Cannot take 1 items: only 0 in stock',
      details: { requested: 1, available: 0 },
    });
    // Stock that would let the remove pass: a replay answers the refusal, a re-run would not.
    await ctx.api.checkIn(item.id, 5);
    for (const { path, body, status, answer, key } of legacy) {
      const retry = await ctx.api.post(path, body, { 'Idempotency-Key': key });
      expect([retry.status, retry.text]).toEqual([status, JSON.stringify(answer)]);
    }

    await migrate('down');
    for (const { status, answer, key } of legacy) {
      expect(await storedRefusal(`idempotency:${sha256(key)}`)).toBe(
        JSON.stringify({ status, body: answer }),
      );
    }
    await migrate('up');
  });

  it('replays a refusal still written in the old shape after it ran (a rolling upgrade) the same', async () => {
    const item = await ctx.api.createItem();
    const key = newId();
    const path = `/inventory-items/${item.id}/remove`;
    const answer = {
      requested: 2,
      available: 0,
      statusCode: 422,
      error: 'Unprocessable Entity',
      message: 'Cannot take 2 items: only 0 in stock',
      code: 'INSUFFICIENT_STOCK',
    };
    await ctx.testApp.app.get(WriteTransactions).run(({ manager }) =>
      manager.insert(ProcessedCommandEntity, {
        commandId: `idempotency:${sha256(key)}`,
        fingerprint: sha256(JSON.stringify(['POST', path, null, { count: 2 }])),
        result: null,
        refusal: JSON.stringify({ status: 422, body: answer }),
        processedAt: new Date().toISOString(),
      }),
    );
    const retry = await ctx.api.post(path, { count: 2 }, { 'Idempotency-Key': key });
    expect([retry.status, retry.text]).toEqual([422, JSON.stringify(answer)]);
  });
});
