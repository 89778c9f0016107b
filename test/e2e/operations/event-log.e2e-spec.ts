import { randomUUID } from 'node:crypto';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { LOG_READER } from '../../../src/core/index.js';
import { Api, type CommandResult } from '../../support/api.js';
import { placeOrder, settledOrder } from '../../support/orders.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

/** GET /log/...: the event browser of the operator console, admin only. */
const TOKEN = 'log-browser-token';
const ADMIN = { Authorization: `Bearer ${TOKEN}` };

interface Logged {
  position: string;
  streamId: string;
  streamType: string;
  version: number;
  type: string;
  schemaVersion: number;
  data: Record<string, unknown>;
  metadata: {
    eventId: string;
    commandId: string;
    correlationId: string;
    causationId: string;
    occurredAt: string;
  };
}
interface Page {
  events: Logged[];
  next: string | null;
}

describe('the event log for operators: GET /log/streams, /log/correlations, /log/events', () => {
  let testApp: TestApp;
  let api: Api;
  const get = (path: string, headers: Record<string, string> = ADMIN) => api.http.get(path).set(headers);
  const correlationId = `req-${randomUUID()}`;
  let itemId: string;
  let orderId: string;
  let placed: CommandResult;

  beforeAll(async () => {
    testApp = await createTestApp({ adminToken: TOKEN });
    api = new Api(testApp.app);
    itemId = (await api.createItem({ name: 'Logged widget' })).id;
    await api.checkIn(itemId, 10);
    const other = (await api.createItem({ name: 'Second widget' })).id;
    await api.checkIn(other, 10);
    orderId = randomUUID();
    const response = await api.post(
      '/orders',
      {
        id: orderId,
        lines: [
          { itemId, quantity: 2 },
          { itemId: other, quantity: 3 },
        ],
      },
      { 'X-Correlation-Id': correlationId },
    );
    if (response.status !== 201) throw new Error(`place order answered ${response.status}`);
    placed = response.body as CommandResult;
    const settled = await settledOrder(api, orderId, placed);
    if (settled.body.status !== 'confirmed') throw new Error(`the order is ${settled.body.status}`);
    // Noise with its own correlation: it must not show in the request's timeline.
    await placeOrder(api, [{ itemId, quantity: 1 }]);
  });
  afterAll(() => testApp.close());

  it('answers the events of one stream in order, with data and metadata', async () => {
    const response = await get(`/log/streams/${orderId}`);
    expect(response.status).toBe(200);
    const { events, next } = response.body as Page;
    expect(next).toBeNull();
    expect(events.map((event) => [event.type, event.version])).toEqual([
      ['OrderPlaced', 1],
      ['OrderConfirmed', 2],
    ]);
    expect(events[0]).toMatchObject({
      position: placed.position,
      streamId: orderId,
      streamType: 'Order',
      schemaVersion: 1,
      data: { orderId, lines: [{ itemId, quantity: 2 }, expect.any(Object)] },
      metadata: {
        eventId: expect.any(String),
        commandId: expect.any(String),
        correlationId,
        causationId: expect.any(String),
        occurredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      },
    });
  });

  it('answers every event of one correlation id across modules, in log order: the request, the saga, the confirmation', async () => {
    const response = await get(`/log/correlations/${correlationId}`);
    expect(response.status).toBe(200);
    const { events, next } = response.body as Page;
    expect(next).toBeNull();
    expect(events.map((event) => event.type)).toEqual([
      'OrderPlaced',
      'StockReserved',
      'StockReserved',
      'OrderConfirmed',
    ]);
    expect(new Set(events.map((event) => event.streamType))).toEqual(new Set(['Order', 'InventoryItem']));
    const positions = events.map((event) => Number(event.position));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(events.every((event) => event.metadata.correlationId === correlationId)).toBe(true);
    // Each saga step is its own command, caused by the event it reacted to.
    const placedEvent = events[0].metadata.eventId;
    expect(events.slice(1).map((event) => event.metadata.commandId)).toEqual([
      expect.stringMatching(/:reserve-0$/),
      expect.stringMatching(/:reserve-1$/),
      expect.stringMatching(/:confirm$/),
    ]);
    expect(events[1].metadata.causationId).toBe(placedEvent);
  });

  it('pages with limit and after, and follows next to the end', async () => {
    const seen: string[] = [];
    let after: string | null = '0';
    while (after !== null) {
      const response = await get(`/log/correlations/${correlationId}?limit=3&after=${after}`);
      expect(response.status).toBe(200);
      const page = response.body as Page;
      seen.push(...page.events.map((event) => event.type));
      after = page.next;
    }
    expect(seen).toEqual(['OrderPlaced', 'StockReserved', 'StockReserved', 'OrderConfirmed']);
    const past = await get(`/log/streams/${orderId}?after=${Number(placed.position) + 1000}`);
    expect(past.status).toBe(200);
    expect(past.body).toEqual({ events: [], next: null });
  });

  it('answers the one event at a position', async () => {
    const response = await get(`/log/events/${placed.position}`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      position: placed.position,
      type: 'OrderPlaced',
      streamId: orderId,
    });
  });

  it.each([
    ['/log/streams/%s', 'STREAM_NOT_FOUND'],
    ['/log/correlations/%s', 'CORRELATION_NOT_FOUND'],
  ])('answers 404 for what the log does not hold: %s', async (route, code) => {
    const response = await get(route.replace('%s', randomUUID()));
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({
      statusCode: 404,
      error: 'Not Found',
      code,
      message: expect.any(String),
    });
  });

  it('answers 404 EVENT_NOT_FOUND past the head', async () => {
    const response = await get('/log/events/999999999');
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ statusCode: 404, code: 'EVENT_NOT_FOUND' });
  });

  it.each([
    ['/log/events/abc', 'position'],
    ['/log/events/0', 'position'],
    ['/log/events/-1', 'position'],
    ['/log/events/1e3', 'position'],
    ['/log/events/1234567890123456', 'position'],
    [`/log/streams/${'x'.repeat(201)}`, 'streamId'],
    ['/log/streams/a%20b', 'streamId'],
    ['/log/correlations/%3Cscript%3E', 'correlationId'],
    ['/log/streams/abc?limit=0', 'limit'],
    ['/log/streams/abc?limit=1001', 'limit'],
    ['/log/streams/abc?limit=5x', 'limit'],
    ['/log/correlations/abc?after=-1', 'after'],
    ['/log/correlations/abc?since=1', 'since'],
  ])('answers 400 VALIDATION_FAILED to %s', async (path, field) => {
    const response = await get(path);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      errors: [{ field, message: expect.any(String) }],
    });
  });

  it.each(['/log/streams/%s', '/log/correlations/%s', '/log/events/1'])(
    'is admin only: %s answers 401 without a token and 403 with a wrong one, before any validation',
    async (route) => {
      const path = route.replace('%s', orderId);
      expect((await get(path, {})).status).toBe(401);
      const wrong = await get(path, { Authorization: 'Bearer not-the-token' });
      expect(wrong.status).toBe(403);
      expect(wrong.body).toMatchObject({ code: 'FORBIDDEN' });
      expect(JSON.stringify(wrong.body)).not.toContain('OrderPlaced');
      expect((await get('/log/events/abc', {})).status).toBe(401);
    },
  );

  it('reads a correlation id through its index (correlation_id, position), not a scan of the log', async () => {
    const log = testApp.app.get<DataSource>(getDataSourceToken(LOG_READER));
    if (log.options.type === 'postgres') {
      const indexes = (await log.query(
        `SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() AND indexname = 'ix_event_log_correlation'`,
      )) as Array<{ indexdef: string }>;
      expect(indexes[0]?.indexdef).toMatch(/\(correlation_id, "?position"?\)/);
      return;
    }
    const plan = (await log.query(
      'EXPLAIN QUERY PLAN SELECT * FROM event_log WHERE correlation_id = ? AND position > ? ORDER BY position LIMIT 101',
      [correlationId, 0],
    )) as Array<{ detail: string }>;
    const steps = plan.map((step) => step.detail).join('\n');
    expect(steps).toMatch(/USING INDEX ix_event_log_correlation/);
    expect(steps).not.toMatch(/TEMP B-TREE/);
  });
});
