import { isDeepStrictEqual } from 'node:util';
import * as fc from 'fast-check';
import { EventStore } from '../../src/core/index.js';
import { type Api, newId } from '../support/api.js';
import {
  adminToken,
  fieldsBody,
  fuzzParameters,
  headers,
  itemName,
  orderLines,
  optionalId,
  pathId,
  percentEncode,
  quantity,
  queryValue,
  type RawBody,
  rawBody,
  version,
} from '../support/fuzz.js';
import { placeOrder, settledOrder } from '../support/orders.js';
import { useTestApp } from '../support/test-app.js';

const ADMIN_TOKEN = 'fuzz-admin-token';

/**
 * Property-based fuzzing of every command and query route: random and adversarial bodies, types,
 * sizes, unicode, path ids, headers and query strings. For every request:
 *   - the answer is never a 5xx (save the contract's 503 for a minPosition beyond the log's head),
 *     and an error has the contract's v2 shape: statusCode, error, message (one string), code, and
 *     for VALIDATION_FAILED one { field, message } per failing field;
 *   - a refused command (4xx) changes nothing: the log's head and the target's state are as before;
 *   - a query writes nothing;
 *   - the server stays healthy: the target still reads, and after each route a normal command works.
 *
 * The seed is printed; replay a failure with FUZZ_SEED=<seed> (and FUZZ_PATH=<path> for its exact
 * counterexample), FUZZ_RUNS=<n> to run longer, FUZZ_SHRINK=1 to shrink it:
 *   FUZZ_SEED=123 npm test -- test/faults/fuzz-routes -t "POST /inventory-items/:id/check-in"
 */

/** A resource the fuzzed requests aim at: made fresh for every run, and its observable state. */
interface Target {
  create(api: Api, variant: number): Promise<string>;
  state(api: Api, id: string): Promise<unknown>;
  /** The status of a plain read of it: 200 while the server is healthy. */
  read(api: Api, id: string): Promise<number>;
}

interface FuzzRoute {
  /** "METHOD /path/:id" */
  readonly route: string;
  readonly target: Target;
  /** Fields of a command's body. */
  readonly body?: Record<string, fc.Arbitrary<unknown>>;
  /** Query-string parameters of a query. */
  readonly query?: Record<string, fc.Arbitrary<string>>;
  /** Runs of this route (the total stays a few hundred). */
  readonly runs?: number;
  /** Statuses it may answer, when not a command's or a view query's. */
  readonly statuses?: readonly number[];
  /** A query of views: its 200 carries X-Read-Position (default: every GET but the operations'). */
  readonly readsViews?: boolean;
  /** Headers of its own to fuzz beside the common ones (an admin token, say). */
  readonly headers?: fc.Arbitrary<Record<string, string>>;
}

const inventoryItem: Target = {
  async create(api, variant) {
    const created = await api.createItem({ name: `Fuzz ${variant}`, maxQty: variant % 2 ? 30 : null });
    await api.checkIn(created.id, 10);
    if (variant % 5 === 4) await api.post(`/inventory-items/${created.id}/deactivate`, {});
    return created.id;
  },
  async state(api, id) {
    const history = await api.get(`/inventory-items/${id}/history`);
    return { status: history.status, body: history.body as unknown };
  },
  async read(api, id) {
    return (await api.get(`/inventory-items/${id}`)).status;
  },
};

/** An order settled by the saga: confirmed, rejected (an unknown item) or cancelled. */
const order: Target = {
  async create(api, variant) {
    const item = await api.createItem({ name: `Fuzz order ${variant}` });
    await api.checkIn(item.id, 10);
    const lines = [{ itemId: variant % 4 === 3 ? newId() : item.id, quantity: 1 + (variant % 3) }];
    const placed = await placeOrder(api, lines);
    const settled = await settledOrder(api, placed.id, placed);
    if (variant % 4 === 2 && settled.body.status === 'confirmed') {
      const cancelled = await api.post(`/orders/${placed.id}/cancel`, {});
      await api.get(`/orders/${placed.id}`, { minPosition: cancelled.body.position });
    }
    return placed.id;
  },
  async state(api, id) {
    const read = await api.get(`/orders/${id}`);
    return { status: read.status, body: read.body as unknown };
  },
  async read(api, id) {
    return (await api.get(`/orders/${id}`)).status;
  },
};

/** A projection, by name; its state is its status (a refused rebuild leaves it as it was). */
const projection: Target = {
  async create(api, variant) {
    const names = ['inventory-list', 'inventory-item-details', 'orders'];
    const name = names[variant % names.length];
    // A rebuild the previous run started must be over before this one's "before".
    for (let tries = 0; tries < 200; tries++) {
      const list = (await api.get('/projections')).body as Array<{ name: string; status: string }>;
      if (list.every((one) => one.status !== 'rebuilding')) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return name;
  },
  async state(api, name) {
    const list = (await api.get('/projections')).body as Array<{ name: string; status: string }>;
    return list.find((one) => one.name === name)?.status ?? 'none';
  },
  async read() {
    return 200;
  },
};

const minPosition = { minPosition: queryValue };

/** One line per route; a new module adds its routes here. */
const ROUTES: FuzzRoute[] = [
  {
    route: 'POST /inventory-items',
    target: inventoryItem,
    body: { id: optionalId, name: itemName, maxQty: quantity },
  },
  {
    route: 'POST /inventory-items/:id/rename',
    target: inventoryItem,
    body: { name: itemName, expectedVersion: version },
  },
  {
    route: 'POST /inventory-items/:id/check-in',
    target: inventoryItem,
    body: { count: quantity, expectedVersion: version },
  },
  {
    route: 'POST /inventory-items/:id/remove',
    target: inventoryItem,
    body: { count: quantity, expectedVersion: version },
  },
  {
    route: 'POST /inventory-items/:id/max-qty',
    target: inventoryItem,
    body: { maxQty: quantity, expectedVersion: version },
  },
  {
    route: 'POST /inventory-items/:id/deactivate',
    target: inventoryItem,
    body: { expectedVersion: version },
  },
  {
    route: 'GET /inventory-items',
    target: inventoryItem,
    query: { limit: queryValue, offset: queryValue, ...minPosition },
    runs: 25,
  },
  { route: 'GET /inventory-items/:id', target: inventoryItem, query: minPosition, runs: 25 },
  { route: 'GET /inventory-items/:id/history', target: inventoryItem, query: minPosition, runs: 25 },
  { route: 'POST /orders', target: order, body: { id: optionalId, lines: orderLines }, runs: 25 },
  { route: 'POST /orders/:id/cancel', target: order, body: { expectedVersion: version }, runs: 25 },
  {
    route: 'GET /orders',
    target: order,
    query: { status: queryValue, limit: queryValue, offset: queryValue, ...minPosition },
    runs: 20,
  },
  { route: 'GET /orders/:id', target: order, query: minPosition, runs: 20 },
  {
    route: 'POST /projections/:id/rebuild',
    target: projection,
    // 422: an Idempotency-Key reused from another request (the key applies to any POST).
    statuses: [202, 400, 401, 403, 404, 409, 413, 415, 422],
    headers: adminToken(ADMIN_TOKEN),
    runs: 25,
  },
  { route: 'GET /projections', target: projection, readsViews: false, runs: 10 },
  ...['GET /log/streams/:id', 'GET /log/correlations/:id'].map((route) => ({
    route,
    target: order,
    query: { after: queryValue, limit: queryValue },
    statuses: [200, 400, 401, 403, 404],
    headers: adminToken(ADMIN_TOKEN),
    readsViews: false,
    runs: 15,
  })),
  { route: 'GET /health', target: projection, readsViews: false, runs: 10 },
];

const COMMAND_STATUSES = [200, 201, 400, 404, 409, 413, 415, 422];
const QUERY_STATUSES = [200, 400, 404];

type Body = { kind: 'json'; value: unknown } | { kind: 'raw'; value: RawBody } | { kind: 'none' };

interface Case {
  readonly variant: number;
  readonly id: (target: string) => string;
  readonly headers: Record<string, string>;
  readonly body: Body;
  readonly query: Array<[string, string]>;
}

function caseOf(route: FuzzRoute): fc.Arbitrary<Case> {
  const bodies: fc.Arbitrary<Body> = route.body
    ? fc.oneof(
        { weight: 6, arbitrary: fieldsBody(route.body).map((value): Body => ({ kind: 'json', value })) },
        { weight: 2, arbitrary: rawBody.map((value): Body => ({ kind: 'raw', value })) },
        { weight: 1, arbitrary: fc.constant<Body>({ kind: 'none' }) },
      )
    : fc.constant<Body>({ kind: 'none' });
  const query = fc
    .tuple(
      ...Object.entries(route.query ?? {}).map(([name, value]) =>
        fc.oneof(
          { weight: 3, arbitrary: value.map((one) => [[name, one]] as Array<[string, string]>) },
          { weight: 2, arbitrary: fc.constant([] as Array<[string, string]>) },
          {
            weight: 1,
            arbitrary: fc.tuple(value, value).map(
              ([a, b]) =>
                [
                  [name, a],
                  [name, b],
                ] as Array<[string, string]>,
            ),
          },
        ),
      ),
      fc.oneof(
        { weight: 5, arbitrary: fc.constant([] as Array<[string, string]>) },
        {
          weight: 1,
          arbitrary: fc
            .tuple(queryValue, queryValue)
            .map(([name, value]) => [[name, value]] as Array<[string, string]>),
        },
      ),
    )
    .map((pairs) => pairs.flat());
  return fc.record({
    variant: fc.nat({ max: 9 }),
    id: pathId,
    headers: route.headers
      ? fc.tuple(headers, route.headers).map(([common, own]) => ({ ...common, ...own }))
      : headers,
    body: bodies,
    query,
  });
}

function send(api: Api, method: string, url: string, test: Case) {
  const request = (method === 'GET' ? api.http.get(url) : api.http.post(url)).set(test.headers);
  const { body } = test;
  if (body.kind === 'none') return request;
  if (body.kind === 'raw') {
    return request
      .set({ 'Content-Type': body.value.contentType, ...body.value.headers })
      .send(body.value.raw as string);
  }
  const text = JSON.stringify(body.value);
  return text === undefined ? request : request.set('Content-Type', 'application/json').send(text);
}

function urlOf(route: FuzzRoute, id: string, query: Array<[string, string]>): string {
  const path = route.route.split(' ')[1].replace(':id', id);
  if (query.length === 0) return path;
  return `${path}?${query.map(([name, value]) => `${percentEncode(name)}=${percentEncode(value)}`).join('&')}`;
}

interface Observed {
  readonly head: number;
  readonly state: unknown;
}

interface Answer {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Record<string, string>;
}

/** What is wrong with an error body, against CONTRACT "v2: errors". */
function errorShapeViolations(status: number, body: Record<string, unknown> | undefined): string[] {
  if (typeof body !== 'object' || body === null) return ['the error has no JSON body'];
  const violations: string[] = [];
  if (body.statusCode !== status) violations.push('statusCode is not the status');
  if (typeof body.error !== 'string') violations.push('error is not a string');
  if (typeof body.message !== 'string' || body.message === '') violations.push('message is not one string');
  if (typeof body.code !== 'string' || !/^[A-Z][A-Z0-9_]*$/.test(body.code))
    violations.push('code is not UPPER_SNAKE_CASE');
  if (body.code === 'VALIDATION_FAILED') {
    const errors = body.errors as Array<Record<string, unknown>> | undefined;
    const wellFormed =
      status === 400 &&
      Array.isArray(errors) &&
      errors.length > 0 &&
      errors.every((one) => typeof one.field === 'string' && typeof one.message === 'string');
    if (!wellFormed) violations.push('VALIDATION_FAILED without errors: [{ field, message }]');
    const fields = (errors ?? []).map((one) => one.field);
    if (new Set(fields).size !== fields.length) violations.push('a field is listed twice in errors');
  }
  return violations;
}

/** What is wrong with one answer, in words; empty when nothing is. */
function check(route: FuzzRoute, test: Case, answer: Answer, before: Observed, after: Observed): string[] {
  const [method] = route.route.split(' ');
  const violations: string[] = [];
  const { status } = answer;
  const body = answer.body as Record<string, unknown>;
  if (status >= 400) violations.push(...errorShapeViolations(status, body));
  if (route.statuses) {
    if (!route.statuses.includes(status)) violations.push(`status ${status} is not one this route answers`);
    if (status >= 400 && !isDeepStrictEqual(after.state, before.state))
      violations.push('refused, yet the target changed');
    if (after.head !== before.head) violations.push('an operations route wrote to the log');
    return violations;
  }
  if (method === 'GET') {
    if (after.head !== before.head) violations.push('a query wrote to the log');
    const wanted = test.query.filter(([name]) => name === 'minPosition').map(([, value]) => value);
    if (route.readsViews === false) {
      if (status !== 200 && status !== 404) violations.push(`status ${status} is not one it answers`);
      return violations;
    }
    // The contract's one 5xx: a minPosition the views cannot reach in time.
    const unreachable =
      wanted.length === 1 && /^\d{1,15}$/.test(wanted[0]) && Number(wanted[0]) > before.head;
    if (status === 503) {
      if (!unreachable) violations.push('503 without an unreachable minPosition');
      if (!/^\d+$/.test(answer.headers['retry-after'] ?? '')) violations.push('503 without Retry-After');
    } else if (!QUERY_STATUSES.includes(status)) {
      violations.push(`status ${status} is not one a query answers`);
    }
    if (status === 200 && !/^\d+$/.test(answer.headers['x-read-position'] ?? ''))
      violations.push('200 without X-Read-Position');
    return violations;
  }
  if (!COMMAND_STATUSES.includes(status)) violations.push(`status ${status} is not one a command answers`);
  if (status >= 400) {
    if (after.head !== before.head)
      violations.push(`refused, yet the log moved from ${before.head} to ${after.head}`);
    if (!isDeepStrictEqual(after.state, before.state))
      violations.push("refused, yet the target's history changed");
  } else {
    const valid =
      typeof body?.id === 'string' &&
      Number.isInteger(body.version) &&
      typeof body.position === 'string' &&
      /^\d+$/.test(body.position) &&
      Number(body.position) <= after.head;
    if (!valid) violations.push('the command result is not { id, version, position } within the log');
  }
  return violations;
}

describe('fuzzing every route', () => {
  const ctx = useTestApp({ consistencyTimeoutMs: 100, adminToken: ADMIN_TOKEN });
  const head = () => ctx.testApp.app.get(EventStore).headPosition();

  it.each(ROUTES.map((route) => [route.route, route] as const))(
    '%s: never a 5xx, a refusal changes nothing, the server stays healthy',
    async (_, route) => {
      const [method] = route.route.split(' ');
      const parameters = fuzzParameters(route.runs ?? 40);
      process.stdout.write(
        `fuzz ${route.route}: seed ${parameters.seed} (replay: FUZZ_SEED=${parameters.seed} npm test -- test/faults/fuzz-routes -t "${route.route}")\n`,
      );
      await fc.assert(
        fc.asyncProperty(caseOf(route), async (test) => {
          const { api } = ctx;
          const target = await route.target.create(api, test.variant);
          const url = urlOf(route, test.id(target), test.query);
          const before = { head: await head(), state: await route.target.state(api, target) };

          const response = await send(api, method, url, test);
          const after = { head: await head(), state: await route.target.state(api, target) };
          const health = await route.target.read(api, target);
          const violations = check(route, test, response, before, after);
          if (health !== 200) violations.push(`the target no longer reads: ${health}`);
          expect({ url, status: response.status, body: response.body as unknown, violations }).toEqual({
            url,
            status: response.status,
            body: response.body as unknown,
            violations: [],
          });
        }),
        parameters,
      );

      // And a normal command still works, its write readable through the views.
      const item = await ctx.api.createItem({ id: newId(), name: 'After the fuzz' });
      const checkedIn = await ctx.api.checkIn(item.id, 3);
      expect((await ctx.api.item(item.id, checkedIn)).body).toMatchObject({ currentCount: 3, version: 2 });
    },
    120_000,
  );
});
