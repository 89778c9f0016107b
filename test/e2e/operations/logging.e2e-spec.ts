import { randomUUID } from 'node:crypto';
import { Api, type CommandResult } from '../../support/api.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

type LogLine = Record<string, unknown> & { level: number; time: string; msg: string };

describe('structured logs and the correlation id', () => {
  let testApp: TestApp;
  let api: Api;
  const lines: string[] = [];
  const logs = () => lines.map((line) => JSON.parse(line) as LogLine);

  beforeAll(async () => {
    testApp = await createTestApp({
      logLevel: 'debug',
      adminToken: 'log-secret-token',
      logTo: { write: (line: string) => void lines.push(line) },
    });
    api = new Api(testApp.app);
  });
  afterAll(() => testApp.close());

  it('writes one JSON object per line, with level, time and message', () => {
    expect(lines.length).toBeGreaterThan(0);
    for (const line of logs()) {
      expect(line).toMatchObject({
        level: expect.any(Number),
        time: expect.any(String),
        msg: expect.any(String),
      });
    }
  });

  it('follows one user action from the request through the command and its events to the projections', async () => {
    const correlationId = `trace-${randomUUID()}`;
    const created = await api.post(
      '/inventory-items',
      { name: 'Traced' },
      { 'X-Correlation-Id': correlationId },
    );
    expect(created.status).toBe(201);
    expect(created.headers['x-correlation-id']).toBe(correlationId);
    const requestId = created.headers['x-request-id'] as string;
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    const result = created.body as CommandResult;
    // Each view is waited for: the item's read waits for inventory-item-details only, and the
    // inventory-list projection, whose line is expected below too, may still be at work.
    await api.item(result.id, result).expect(200);
    await api.get('/inventory-items', { minPosition: result.position }).expect(200);

    const traced = logs().filter((line) => line.correlationId === correlationId);
    const request = traced.find((line) => line.msg === 'request completed');
    expect(request).toMatchObject({
      requestId,
      req: { id: requestId, method: 'POST', url: '/inventory-items' },
      res: { statusCode: 201 },
    });
    expect(traced).toContainEqual(
      expect.objectContaining({ msg: 'command ok', type: 'CreateInventoryItemCommand', requestId }),
    );
    for (const projection of ['inventory-list', 'inventory-item-details']) {
      expect(traced).toContainEqual(
        expect.objectContaining({
          msg: 'event projected',
          projection,
          type: 'InventoryItemCreated',
          position: Number(result.position),
        }),
      );
    }

    const history = await api.get(`/inventory-items/${result.id}/history`);
    expect(history.body.events[0].metadata).toMatchObject({ correlationId });
  });

  it('gives each request its own id and never logs the Authorization header', async () => {
    const [one, two] = await Promise.all([api.get('/health'), api.get('/health')]);
    expect(one.headers['x-request-id']).not.toBe(two.headers['x-request-id']);
    await api
      .post('/projections/no-such/rebuild', {}, { Authorization: 'Bearer log-secret-token' })
      .expect(404);
    expect(lines.join('')).not.toContain('log-secret-token');
  });
});
