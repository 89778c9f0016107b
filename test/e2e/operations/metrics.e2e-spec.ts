import { Api, newId } from '../../support/api.js';
import { createTestApp, useTestApp } from '../../support/test-app.js';

/** The value of one series in Prometheus text, or undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = (match[2] ?? '').split(',');
    if (wanted.every((label) => present.includes(label))) return Number(match[3]);
  }
  return undefined;
}

describe('GET /metrics', () => {
  const ctx = useTestApp();

  it('counts commands, queries, events, projections and HTTP requests in Prometheus text format', async () => {
    const first = await ctx.api.createItem();
    await ctx.api.createItem();
    const checkedIn = await ctx.api.checkIn(first.id, 2);
    await ctx.api.post(`/inventory-items/${first.id}/remove`, { count: 99 }).expect(422);
    await ctx.api.item(first.id, checkedIn).expect(200);
    await ctx.api.item(newId()).expect(404);

    const response = await ctx.api.get('/metrics');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = response.text;

    expect(sample(text, 'cqrs_commands_total', { type: 'CreateInventoryItemCommand', outcome: 'ok' })).toBe(
      2,
    );
    expect(sample(text, 'cqrs_commands_total', { type: 'CheckInItemsCommand', outcome: 'ok' })).toBe(1);
    expect(
      sample(text, 'cqrs_commands_total', { type: 'RemoveItemsCommand', outcome: 'rule-violation' }),
    ).toBe(1);
    expect(
      sample(text, 'cqrs_command_duration_seconds_count', {
        type: 'CreateInventoryItemCommand',
        outcome: 'ok',
      }),
    ).toBe(2);
    expect(
      sample(text, 'cqrs_command_duration_seconds_bucket', {
        type: 'CreateInventoryItemCommand',
        le: '+Inf',
      }),
    ).toBe(2);
    expect(sample(text, 'cqrs_queries_total', { type: 'GetInventoryItemQuery', outcome: 'ok' })).toBe(1);
    expect(sample(text, 'cqrs_queries_total', { type: 'GetInventoryItemQuery', outcome: 'not-found' })).toBe(
      1,
    );
    expect(
      sample(text, 'cqrs_query_duration_seconds_count', { type: 'GetInventoryItemQuery' }),
    ).toBeGreaterThan(0);
    expect(sample(text, 'cqrs_events_appended_total', { type: 'InventoryItemCreated' })).toBe(2);
    expect(sample(text, 'cqrs_events_appended_total', { type: 'ItemsCheckedIn' })).toBe(1);
    expect(sample(text, 'cqrs_events_appended_total', { type: 'ItemsRemoved' })).toBeUndefined();
    expect(sample(text, 'cqrs_event_log_head_position')).toBe(Number(checkedIn.position));
    for (const projection of ['inventory-list', 'inventory-item-details']) {
      expect(sample(text, 'cqrs_projection_position', { projection })).toBeLessThanOrEqual(
        Number(checkedIn.position),
      );
      expect(sample(text, 'cqrs_projection_lag', { projection })).toBeGreaterThanOrEqual(0);
      expect(sample(text, 'cqrs_projection_status', { projection, status: 'failed' })).toBe(0);
    }
    expect(sample(text, 'cqrs_projection_position', { projection: 'inventory-item-details' })).toBe(
      Number(checkedIn.position),
    );
    expect(
      sample(text, 'http_requests_total', { method: 'POST', route: '/inventory-items', status: '201' }),
    ).toBe(2);
    expect(
      sample(text, 'http_requests_total', {
        method: 'POST',
        route: '/inventory-items/:id/remove',
        status: '422',
      }),
    ).toBe(1);
    expect(
      sample(text, 'http_requests_total', { method: 'GET', route: '/inventory-items/:id', status: '404' }),
    ).toBe(1);
    expect(
      sample(text, 'http_request_duration_seconds_count', { route: '/inventory-items/:id' }),
    ).toBeGreaterThan(0);
    expect(sample(text, 'process_cpu_seconds_total')).toBeGreaterThanOrEqual(0);
  });

  it('labels unmatched paths as one route and keeps each application in its own registry', async () => {
    await ctx.api.get(`/no/such/${newId()}`).expect(404);
    const other = await createTestApp();
    try {
      const otherApi = new Api(other.app);
      await otherApi.createItem();
      const text = (await otherApi.get('/metrics')).text;
      expect(sample(text, 'cqrs_commands_total', { type: 'CreateInventoryItemCommand', outcome: 'ok' })).toBe(
        1,
      );
      expect(sample(text, 'cqrs_events_appended_total', { type: 'InventoryItemCreated' })).toBe(1);
    } finally {
      await other.close();
    }
    const text = (await ctx.api.get('/metrics')).text;
    expect(sample(text, 'http_requests_total', { method: 'GET', route: 'unmatched', status: '404' })).toBe(1);
    expect(sample(text, 'cqrs_commands_total', { type: 'CreateInventoryItemCommand', outcome: 'ok' })).toBe(
      2,
    );
  });
});
