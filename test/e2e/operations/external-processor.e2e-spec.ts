import { Injectable, Module } from '@nestjs/common';
import {
  ExternalProcessor,
  ProcessorStores,
  type ProcessorStatus,
  WriteTransactions,
} from '../../../src/core/index.js';
import { Api } from '../../support/api.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

const TOKEN = 'external-processor-token';
const ADMIN = { Authorization: `Bearer ${TOKEN}` };
const INBOUND = 'inbound-deliveries';

/** An inbound consumer as a feature would write one: its own source, at 7 of 10, one message refused. */
@Injectable()
class InboundDeliveries extends ExternalProcessor {
  readonly name = INBOUND;
  readonly kind = 'reactor' as const;

  state() {
    return { position: 7, headPosition: 10, status: 'running' as ProcessorStatus, lastError: null };
  }
}

@Module({ providers: [InboundDeliveries] })
class InboundModule {}

/** A consumer that the log does not feed, beside the log's processors (ExternalProcessor). */
describe('an inbound consumer in GET /projections', () => {
  let testApp: TestApp;
  let api: Api;
  beforeAll(async () => {
    testApp = await createTestApp({ adminToken: TOKEN, imports: [InboundModule] });
    api = new Api(testApp.app);
    const stores = testApp.app.get(ProcessorStores);
    await testApp.app.get(WriteTransactions).run(({ manager }) =>
      stores.writeDeadLetters.record(manager, {
        processor: INBOUND,
        position: 5,
        eventId: 'delivery-5',
        type: 'inbound.inventory.deliveries',
        streamId: '',
        error: 'count must be an integer',
        deadAt: new Date().toISOString(),
      }),
    );
  });
  afterAll(() => testApp.close());

  it('is listed with the state it reports, its lag against its own head, and its dead letters', async () => {
    const listed = (await api.get('/projections')).body as Array<Record<string, unknown>>;
    expect(listed.find(({ name }) => name === INBOUND)).toEqual({
      name: INBOUND,
      kind: 'reactor',
      position: '7',
      headPosition: '10',
      lag: 3,
      status: 'running',
      lastError: null,
      failedPosition: null,
      deadLetters: 1,
      holder: null,
    });
    const letters = await api.http.get(`/projections/${INBOUND}/dead-letters`).set(ADMIN);
    expect(letters.status).toBe(200);
    expect(letters.body).toEqual([expect.objectContaining({ position: '5', eventId: 'delivery-5' })]);
  });

  it('answers 409 to skip and retry: it reads no log', async () => {
    const skip = await api.post(`/projections/${INBOUND}/skip`, { position: '8' }, ADMIN);
    expect(skip.status).toBe(409);
    expect(skip.body).toMatchObject({ code: 'NOT_A_LOG_PROCESSOR' });
    const retry = await api.post(`/projections/${INBOUND}/dead-letters/5/retry`, {}, ADMIN);
    expect(retry.status).toBe(409);
    expect(retry.body).toMatchObject({ code: 'NOT_A_LOG_PROCESSOR' });
  });
});
