import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt, freePort, ServerProcess, STORE } from '../../support/built-server.js';

/** What an OTLP/HTTP receiver got: one entry per export request. */
interface Received {
  readonly contentType: string;
  readonly body: Buffer;
}

/** A small OTLP/HTTP receiver: keeps every POST to /v1/traces and answers 200 as a collector does. */
async function startReceiver(): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.method === 'POST' && request.url === '/v1/traces') {
        received.push({ contentType: String(request.headers['content-type']), body: Buffer.concat(chunks) });
      }
      const json = String(request.headers['content-type']).includes('json');
      response.writeHead(200, { 'Content-Type': json ? 'application/json' : 'application/x-protobuf' });
      response.end(json ? '{}' : undefined);
    });
  });
  const port = await freePort();
  await new Promise<void>((done) => server.listen(port, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${port}`, received, server };
}

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: { key: string; value: Record<string, unknown> }[];
}

interface OtlpExport {
  resourceSpans: {
    resource: { attributes: { key: string; value: { stringValue?: string } }[] };
    scopeSpans: { spans: OtlpSpan[] }[];
  }[];
}

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const CLIENT_SPAN = 'b7ad6b7169203331';
const traceparent = `00-${TRACE_ID}-${CLIENT_SPAN}-01`;

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    // The exporter sends on its own schedule (OTEL_BSP_SCHEDULE_DELAY): nothing to wait on but it.
    await new Promise((done) => setTimeout(done, 50));
  }
}

/** Creates an item, checks in to it with the client's traceparent, and reads it back past the check-in. */
async function checkInWithTraceparent(server: ServerProcess): Promise<string> {
  const created = await server.post('/inventory-items', { name: 'Exported widget' });
  expect(created.status).toBe(201);
  const id = String(created.body.id);
  const checkedIn = await server.post(`/inventory-items/${id}/check-in`, { count: 4 }, { traceparent });
  expect(checkedIn.status).toBe(200);
  const read = await server.fetch(`/inventory-items/${id}?minPosition=${String(checkedIn.body.position)}`);
  expect(read.status).toBe(200);
  return id;
}

describe('tracing: the built server exports over OTLP/HTTP to the configured endpoint', () => {
  const dataDirs: string[] = [];
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    await ensureBuilt();
    receiver = await startReceiver();
  }, 240_000);

  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  afterAll(async () => {
    await new Promise((done) => receiver.server.close(done));
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  });

  const start = async (env: Record<string, string>) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cqrs-otlp-'));
    dataDirs.push(dataDir);
    server = await ServerProcess.start({
      dataDir,
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: '100', ...env },
    });
    return server;
  };

  it('http/json: the request, command, append and projection spans of the client trace id, under the package name', async () => {
    receiver.received.length = 0;
    const running = await start({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', LOG_LEVEL: 'info' });
    const id = await checkInWithTraceparent(running);

    const wanted = [
      'POST /inventory-items/:id/check-in',
      'handle CheckInItemsCommand',
      'load InventoryItem',
      'append InventoryItem',
      'project inventory-item-details',
    ];
    const exports = () =>
      receiver.received
        .filter(({ contentType }) => contentType.includes('application/json'))
        .map(({ body }) => JSON.parse(body.toString()) as OtlpExport);
    const spansOfTrace = () =>
      exports().flatMap((exported) =>
        exported.resourceSpans.flatMap((resource) =>
          resource.scopeSpans.flatMap((scope) => scope.spans.filter((span) => span.traceId === TRACE_ID)),
        ),
      );
    const spans = await until('the spans of the check-in', () => {
      const found = spansOfTrace();
      return wanted.every((name) => found.some((span) => span.name === name)) ? found : undefined;
    });

    const byName = (name: string) => spans.find((span) => span.name === name) as OtlpSpan;
    const request = byName('POST /inventory-items/:id/check-in');
    expect(request.parentSpanId).toBe(CLIENT_SPAN);
    expect(request.kind).toBe(2); // SPAN_KIND_SERVER
    expect(byName('handle CheckInItemsCommand').parentSpanId).toBe(request.spanId);
    const command = byName('handle CheckInItemsCommand');
    expect(command.attributes).toContainEqual({ key: 'cqrs.aggregate.id', value: { stringValue: id } });
    const append = byName('append InventoryItem');
    expect(append.parentSpanId).toBe(command.spanId);
    expect(byName('project inventory-item-details').parentSpanId).toBe(append.spanId);
    if (STORE === 'PostgreSQL') {
      // The statements of the command, from @opentelemetry/instrumentation-pg, inside its spans.
      const commandSpans = new Set(spans.map((span) => span.spanId));
      const statements = spans.filter(
        (span) =>
          span.kind === 3 && // SPAN_KIND_CLIENT
          span.attributes.some(
            (attribute) => attribute.key.startsWith('db.') && attribute.value.stringValue === 'postgresql',
          ) &&
          commandSpans.has(span.parentSpanId ?? ''),
      );
      expect(statements.length).toBeGreaterThan(0);
    }

    const serviceNames = exports().flatMap((exported) =>
      exported.resourceSpans.flatMap(
        ({ resource }) =>
          resource.attributes.find((attribute) => attribute.key === 'service.name')?.value.stringValue ?? [],
      ),
    );
    expect(new Set(serviceNames)).toEqual(new Set(['nest-cqrs-app']));

    // The request's log line carries the trace it was served in.
    const line = running.log
      .split('\n')
      .filter((text) => text.startsWith('{'))
      .map((text) => JSON.parse(text) as Record<string, unknown>)
      .find((entry) => entry.msg === 'request completed' && entry.trace_id === TRACE_ID);
    expect(line).toMatchObject({
      trace_id: TRACE_ID,
      span_id: request.spanId,
      correlationId: expect.any(String),
    });
  });

  it('http/protobuf by default, and OTEL_SERVICE_NAME names the service', async () => {
    receiver.received.length = 0;
    await checkInWithTraceparent(await start({ OTEL_SERVICE_NAME: 'inventory-east' }));
    const traceIdBytes = Buffer.from(TRACE_ID, 'hex');
    // The spans of one trace may come in several exports: wait for those that name the append.
    const found = await until('protobuf exports holding the trace and its append', () => {
      const holding = receiver.received.filter(({ body }) => body.includes(traceIdBytes));
      return holding.some(({ body }) => body.includes(Buffer.from('append InventoryItem')))
        ? holding
        : undefined;
    });
    for (const { contentType, body } of found) {
      expect(contentType).toBe('application/x-protobuf');
      expect(body.includes(Buffer.from('inventory-east'))).toBe(true);
    }
  });

  it('is off without an OTLP endpoint: no span context in logs or events', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cqrs-otlp-'));
    dataDirs.push(dataDir);
    server = await ServerProcess.start({
      dataDir,
      env: { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', LOG_LEVEL: 'info' },
    });
    const id = await checkInWithTraceparent(server);
    const lines = server.log.split('\n').filter((text) => text.includes('"request completed"'));
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.some((text) => text.includes('trace_id'))).toBe(false);
    const history = await server.get(`/inventory-items/${id}/history`);
    const events = history.body.events as { metadata: { traceparent: string | null } }[];
    expect(events.map((event) => event.metadata.traceparent)).toEqual([null, null]);
  });
});
