import http from 'node:http';
import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { node, tracing } from '@opentelemetry/sdk-node';
import { newId } from '../../support/api.js';
import { settledOrder } from '../../support/orders.js';
import { useTestApp } from '../../support/test-app.js';

type Span = tracing.ReadableSpan;

// An SDK in this process, exporting to memory, registered before the application starts.
const exporter = new tracing.InMemorySpanExporter();
const provider = new node.NodeTracerProvider({ spanProcessors: [new tracing.SimpleSpanProcessor(exporter)] });
provider.register();
// The maintained HTTP instrumentation, as in production. Jest's module registry bypasses the require
// hook it installs, so its patch is applied to Node's http module directly (the server side only:
// supertest's own client span would replace the traceparent this test sends).
const httpInstrumentation = new HttpInstrumentation({ disableOutgoingRequestInstrumentation: true });
httpInstrumentation.setTracerProvider(provider);
httpInstrumentation
  .getModuleDefinitions()
  .find((definition) => definition.name === 'http')
  ?.patch?.(http);

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CLIENT_SPAN = '00f067aa0ba902b7';

describe('tracing: one order from the HTTP request to its confirmation', () => {
  const ctx = useTestApp();
  let spans: Span[];
  let orderId: string;
  let itemId: string;

  const children = (parent: Span, name?: string) =>
    spans.filter(
      (span) =>
        span.parentSpanContext?.spanId === parent.spanContext().spanId && (!name || span.name === name),
    );
  const only = (found: Span[], what: string): Span => {
    if (found.length !== 1) {
      throw new Error(`${what}: ${found.length} spans, among ${spans.map((s) => s.name).join(', ')}`);
    }
    return found[0];
  };
  const child = (parent: Span, name: string) => only(children(parent, name), `${name} under ${parent.name}`);

  beforeAll(async () => {
    const item = await ctx.api.createItem({ name: 'Traced widget' });
    itemId = item.id;
    await ctx.api.checkIn(itemId, 10);
    orderId = newId();
    const placed = await ctx.api.post(
      '/orders',
      { id: orderId, lines: [{ itemId, quantity: 3 }] },
      { traceparent: `00-${TRACE_ID}-${CLIENT_SPAN}-01` },
    );
    if (placed.status !== 201) throw new Error(`place order answered ${placed.status}`);
    const settled = await settledOrder(ctx.api, orderId, placed.body);
    if (settled.body.status !== 'confirmed') throw new Error(`order ${settled.body.status}`);
    // The item's view has applied the reservation once it has reached the confirmation's position.
    const item2 = await ctx.api.get(`/inventory-items/${itemId}`, {
      minPosition: String(settled.headers['x-read-position']),
    });
    if (item2.status !== 200) throw new Error(`item read answered ${item2.status}`);
    spans = exporter.getFinishedSpans();
  });

  afterAll(async () => {
    await provider.shutdown();
    trace.disable();
    context.disable();
    propagation.disable();
  });

  it('continues the client trace with the request span, the command and the append', () => {
    const request = only(
      spans.filter((span) => span.parentSpanContext?.spanId === CLIENT_SPAN),
      'the request span',
    );
    expect(request.spanContext().traceId).toBe(TRACE_ID);
    expect(request.kind).toBe(SpanKind.SERVER);
    expect(request.name).toBe('POST /orders');
    expect(request.attributes['http.route']).toBe('/orders');
    expect(request.attributes['http.response.status_code'] ?? request.attributes['http.status_code']).toBe(
      201,
    );

    const command = child(request, 'handle PlaceOrderCommand');
    expect(command.attributes).toMatchObject({
      'cqrs.command.type': 'PlaceOrderCommand',
      'cqrs.aggregate.id': orderId,
      'cqrs.aggregate.version': 1,
      'cqrs.outcome': 'ok',
    });
    const append = child(command, 'append Order');
    expect(append.attributes).toMatchObject({
      'cqrs.stream.id': orderId,
      'cqrs.stream.type': 'Order',
      'cqrs.aggregate.expected_version': 0,
      'cqrs.stream.version': 1,
      'cqrs.events': 1,
      'cqrs.event.types': ['OrderPlaced'],
      'db.system.name': process.env.DATABASE_URL ? 'postgresql' : 'sqlite',
    });
    // On SQLite, how many commands shared the append's commit.
    if (!process.env.DATABASE_URL)
      expect(append.attributes['cqrs.group_commit.size']).toBeGreaterThanOrEqual(1);
  });

  it('has the view and the saga handle the event in its trace, linked to the append and their batch', () => {
    const request = only(
      spans.filter((span) => span.parentSpanContext?.spanId === CLIENT_SPAN),
      'the request span',
    );
    const append = child(child(request, 'handle PlaceOrderCommand'), 'append Order');

    const projected = child(append, 'project orders');
    expect(projected.kind).toBe(SpanKind.CONSUMER);
    expect(projected.attributes).toMatchObject({
      'cqrs.processor.name': 'orders',
      'cqrs.processor.kind': 'projection',
      'cqrs.event.type': 'OrderPlaced',
      'messaging.operation.type': 'process',
    });
    const [appendedBy, batchLink] = projected.links;
    expect(appendedBy.context.spanId).toBe(append.spanContext().spanId);
    const batch = only(
      spans.filter((span) => span.spanContext().spanId === batchLink.context.spanId),
      'the batch span',
    );
    expect(batch.name).toBe('process orders');
    expect(batch.spanContext().traceId).not.toBe(TRACE_ID);
    expect(batch.attributes['messaging.batch.message_count']).toBeGreaterThanOrEqual(1);
    expect(Number(batch.attributes['cqrs.position.from'])).toBeLessThanOrEqual(
      Number(projected.attributes['cqrs.position']),
    );

    const saga = child(append, 'react order-fulfilment');
    expect(saga.attributes).toMatchObject({
      'cqrs.processor.kind': 'reactor',
      'cqrs.event.type': 'OrderPlaced',
    });
    expect(saga.links[0].context.spanId).toBe(append.spanContext().spanId);
  });

  it("continues the trace through the saga's commands, their appends and the views they feed", () => {
    const saga = only(
      spans.filter(
        (span) => span.name === 'react order-fulfilment' && span.spanContext().traceId === TRACE_ID,
      ),
      'the saga step',
    );
    const reserve = child(saga, 'handle ReserveStockCommand');
    expect(reserve.attributes).toMatchObject({ 'cqrs.aggregate.id': itemId, 'cqrs.outcome': 'ok' });
    expect(child(reserve, 'load InventoryItem').attributes).toMatchObject({ 'cqrs.stream.version': 2 });
    const reserved = child(reserve, 'append InventoryItem');
    expect(reserved.attributes['cqrs.event.types']).toEqual(['StockReserved']);
    expect(child(reserved, 'project inventory-item-details').attributes['cqrs.event.type']).toBe(
      'StockReserved',
    );

    const confirm = child(saga, 'handle ConfirmOrderCommand');
    child(confirm, 'load Order');
    const confirmed = child(confirm, 'append Order');
    expect(confirmed.attributes['cqrs.event.types']).toEqual(['OrderConfirmed']);
    expect(child(confirmed, 'project orders').attributes['cqrs.event.type']).toBe('OrderConfirmed');

    // Every span of the order's trace, and nothing failed in it.
    const inTrace = spans.filter((span) => span.spanContext().traceId === TRACE_ID);
    expect(inTrace.map((span) => span.name).sort()).toEqual(
      [
        'POST /orders',
        'handle PlaceOrderCommand',
        'append Order',
        'project orders',
        'react order-fulfilment',
        // The EventBus reactor publishes each of the three events (OrderPlaced, StockReserved,
        // OrderConfirmed) to @nestjs/cqrs's handlers, in the trace of its append.
        'react event-bus',
        'react event-bus',
        'react event-bus',
        'handle ReserveStockCommand',
        'load InventoryItem',
        'append InventoryItem',
        'project inventory-item-details',
        'handle ConfirmOrderCommand',
        'load Order',
        'append Order',
        'project orders',
      ].sort(),
    );
    expect(inTrace.filter((span) => span.status.code === SpanStatusCode.ERROR)).toEqual([]);
  });

  it('stores the trace context of the appending span with each event, and shows it in history', async () => {
    const history = await ctx.api.get(`/inventory-items/${itemId}/history`);
    const reservedEvent = history.body.events.find(
      (event: { type: string }) => event.type === 'StockReserved',
    );
    const append = only(
      spans.filter((span) => span.name === 'append InventoryItem' && span.spanContext().traceId === TRACE_ID),
      'the reservation append',
    );
    expect(reservedEvent.metadata.traceparent).toBe(`00-${TRACE_ID}-${append.spanContext().spanId}-01`);
  });

  it('names each query span after its query', async () => {
    exporter.reset();
    await ctx.api.get(`/orders/${orderId}`);
    const names = exporter.getFinishedSpans().map((span) => span.name);
    expect(names).toEqual(expect.arrayContaining(['GET /orders/:id', 'handle GetOrderQuery']));
  });
});
