import { randomUUID } from 'node:crypto';
import * as fc from 'fast-check';

/**
 * Arbitraries for fuzzing the HTTP surface: values that are right, nearly right, of the wrong type,
 * at the edges, in odd unicode, or far too big; path ids, headers and raw bodies of every kind.
 */

/** The seed of this run: FUZZ_SEED replays a failing run (with FUZZ_PATH, its exact counterexample). */
export function fuzzParameters(runs: number): fc.Parameters<unknown> {
  const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Date.now() ^ (Math.random() * 2 ** 31);
  return {
    seed,
    path: process.env.FUZZ_PATH || undefined,
    numRuns: process.env.FUZZ_RUNS ? Number(process.env.FUZZ_RUNS) : runs,
    // Shrinking replays HTTP calls many times over; CI reports the first failure and its seed.
    endOnFailure: process.env.FUZZ_SHRINK !== '1',
  };
}

const EDGE_NUMBERS = [
  0,
  -0,
  -1,
  1,
  2,
  0.5,
  1.5,
  -1.5,
  199,
  200,
  201,
  1e9,
  1e9 + 1,
  2 ** 31 - 1,
  2 ** 31,
  2 ** 32,
  2 ** 53,
  2 ** 53 + 2,
  -(2 ** 53),
  Number.MAX_SAFE_INTEGER,
  Number.MIN_VALUE,
  Number.MAX_VALUE,
  1e308,
  -1e308,
];

const ODD_STRINGS = [
  '',
  ' ',
  '\t\n ',
  '\u0000',
  'a\u0000b',
  '\uD800',
  '\uDFFF\uD800',
  '\u202Eevil',
  '\uFEFF',
  '\u00A0x\u00A0',
  'x'.repeat(200),
  ' '.repeat(5) + 'y'.repeat(200) + ' '.repeat(5),
  'z'.repeat(201),
  '😀'.repeat(100),
  '😀'.repeat(101),
  'e\u0301'.repeat(100),
  "'; DROP TABLE event_log; --",
  '%s%n%x',
  '__proto__',
  'constructor',
  '5',
  '1e3',
  'NaN',
  'null',
  'true',
  '{"a":1}',
];

/** Any string a client might send: unicode of every kind, control characters, edge lengths. */
export const oddString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 220 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.constantFrom(...ODD_STRINGS),
);

/** JSON values of the wrong type for any field. */
export const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
);

/** A field's value: mostly plausible, often adversarial. */
export function field(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 4, arbitrary: valid },
    { weight: 1, arbitrary: fc.constantFrom(...EDGE_NUMBERS) },
    { weight: 1, arbitrary: fc.integer() },
    { weight: 1, arbitrary: oddString },
    { weight: 1, arbitrary: wrongType },
  );
}

export const quantity = field(fc.integer({ min: 1, max: 20 }));
export const version = field(fc.integer({ min: 0, max: 6 }));
export const itemName = field(fc.string({ minLength: 1, maxLength: 30 }));
export const optionalId = field(fc.oneof(fc.uuid(), fc.constant(randomUUID().toUpperCase())));

/** The lines of an order: plausible lines, lines with adversarial fields, too many, or not lines at all. */
export const orderLines = field(
  fc.oneof(
    {
      weight: 5,
      arbitrary: fc.array(
        fc.record(
          { itemId: field(fc.uuid()), quantity: field(fc.integer({ min: 1, max: 5 })) },
          { requiredKeys: [] },
        ),
        { maxLength: 3 },
      ),
    },
    {
      weight: 1,
      arbitrary: fc
        .integer({ min: 100, max: 101 })
        .map((count) => Array.from({ length: count }, () => ({ itemId: randomUUID(), quantity: 1 }))),
    },
    { weight: 1, arbitrary: fc.array(wrongType, { minLength: 1, maxLength: 2 }) },
  ),
);

/** A query-string value: digits, near-digits, or anything. */
export const queryValue: fc.Arbitrary<string> = fc.oneof(
  fc.nat({ max: 600 }).map(String),
  fc.constantFrom('0', '-1', '1.5', '1e3', ' 5', '5 ', '0x10', '', '9'.repeat(16), '9'.repeat(15), '+1'),
  oddString,
);

/**
 * A body built from a route's fields, each adversarial, any of them missing, sometimes with unknown
 * fields next to them.
 */
export function fieldsBody(fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<unknown> {
  const known = fc.record(fields, { requiredKeys: [] });
  return fc.oneof(
    { weight: 6, arbitrary: known },
    {
      weight: 1,
      arbitrary: fc
        .tuple(known, fc.dictionary(oddString, fc.jsonValue({ maxDepth: 1 }), { minKeys: 1, maxKeys: 2 }))
        .map(([body, extra]) => ({ ...extra, ...(body as object) })),
    },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  );
}

/** A body sent as raw bytes with its own content type: what JSON.stringify never produces. */
export interface RawBody {
  readonly raw: string | Buffer;
  readonly contentType: string;
  readonly headers?: Record<string, string>;
}

function nested(depth: number, leaf: string): string {
  return '{"name":'.repeat(depth) + leaf + '}'.repeat(depth);
}

const OVERSIZED = JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 16) });

const RAW_BODIES: RawBody[] = [
  { raw: '{', contentType: 'application/json' },
  { raw: '{"count": 1,}', contentType: 'application/json' },
  { raw: "{'count': 1}", contentType: 'application/json' },
  { raw: '{"count": 01}', contentType: 'application/json' },
  { raw: '{"count": NaN}', contentType: 'application/json' },
  { raw: '{"count": 1e400}', contentType: 'application/json' },
  { raw: '{"count": 1, "count": 2}', contentType: 'application/json' },
  { raw: '{"__proto__": {"count": 5}}', contentType: 'application/json' },
  { raw: '{"constructor": {"prototype": {"count": 5}}}', contentType: 'application/json' },
  { raw: '{"name": "A", "__proto__": {"id": "x"}}', contentType: 'application/json' },
  { raw: 'null', contentType: 'application/json' },
  { raw: '"text"', contentType: 'application/json' },
  { raw: '42', contentType: 'application/json' },
  { raw: '[]', contentType: 'application/json' },
  { raw: '', contentType: 'application/json' },
  { raw: '   ', contentType: 'application/json' },
  { raw: '\uFEFF{"name":"bom"}', contentType: 'application/json' },
  { raw: nested(50, '"deep"'), contentType: 'application/json' },
  { raw: nested(5000, '"deeper"'), contentType: 'application/json' },
  { raw: '['.repeat(20000) + ']'.repeat(20000), contentType: 'application/json' },
  { raw: OVERSIZED, contentType: 'application/json' },
  { raw: '{"name":"x"}', contentType: 'application/json; charset=utf-16' },
  { raw: '{"name":"x"}', contentType: 'application/json; charset=latin1' },
  { raw: '{"name":"x"}', contentType: 'application/json', headers: { 'Content-Encoding': 'gzip' } },
  { raw: '{"name":"x"}', contentType: 'application/json', headers: { 'Content-Encoding': 'br' } },
  { raw: '{"name":"x"}', contentType: 'application/json', headers: { 'Content-Encoding': 'compress' } },
  { raw: 'name=x&count=1', contentType: 'application/x-www-form-urlencoded' },
  { raw: 'count=1', contentType: 'text/plain' },
  { raw: '<count>1</count>', contentType: 'application/xml' },
  { raw: Buffer.from([0xff, 0xfe, 0x00, 0x7b]), contentType: 'application/json' },
  { raw: Buffer.from([0xc3, 0x28, 0x7b, 0x7d]), contentType: 'application/json' },
];

/** Shown in a counterexample: the start of the body, not a megabyte of it. */
function labelled(body: RawBody): RawBody {
  const text = String(body.raw);
  const label = `${body.contentType} ${JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…(${text.length})` : text)}`;
  return Object.assign(body, { [fc.toStringMethod]: () => label });
}

export const rawBody: fc.Arbitrary<RawBody> = fc.oneof(
  fc.constantFrom(...RAW_BODIES.map(labelled)),
  fc
    .string({ unit: 'binary', maxLength: 80 })
    .map((raw) => labelled({ raw, contentType: 'application/json' })),
);

/** What a client may put in a header: visible latin-1, or nothing (header values cannot hold more). */
const headerText = fc.oneof(
  fc.string({ unit: 'binary-ascii', maxLength: 40 }).map((text) => text.replace(/[^\x20-\x7e\t]/g, '')),
  fc.string({ unit: fc.constantFrom(...'"W/*0123456789, abc'.split('')), maxLength: 20 }),
  fc.constantFrom('"1"', '"0"', '*', 'W/"1"', '"99999999999999999"', '"-1"', '"1.0"', '""', 'x'.repeat(300)),
);

/** An Authorization header: the admin token, near misses of it, or anything. */
export function adminToken(token: string): fc.Arbitrary<Record<string, string>> {
  return fc.record(
    {
      Authorization: fc.oneof(
        { weight: 3, arbitrary: fc.constant(`Bearer ${token}`) },
        {
          weight: 2,
          arbitrary: fc.constantFrom(
            `bearer ${token}`,
            `Bearer  ${token} `,
            `Bearer ${token}x`,
            `Bearer ${token.slice(1)}`,
            `Basic ${token}`,
            'Bearer',
            'Bearer ',
            token,
          ),
        },
        { weight: 1, arbitrary: headerText },
      ),
    },
    { requiredKeys: [] },
  );
}

export const headers: fc.Arbitrary<Record<string, string>> = fc.record(
  {
    'Idempotency-Key': fc.oneof(
      fc.uuid(),
      headerText,
      fc.constantFrom('k', 'x'.repeat(255), 'x'.repeat(256), ' lead', 'trail ', 'tab\tin'),
    ),
    'If-Match': headerText,
    'X-Correlation-Id': headerText,
    Accept: fc.constantFrom('application/xml', '*/*', 'text/html'),
  },
  { requiredKeys: [] },
);

/** Percent-encodes any string, lone surrogates included (as the bytes of U+FFFD, like a browser). */
export function percentEncode(text: string): string {
  return [...Buffer.from(text, 'utf8')]
    .map((byte) =>
      /[A-Za-z0-9\-_.~]/.test(String.fromCharCode(byte))
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');
}

function idFrom(label: string, make: (target: string) => string): (target: string) => string {
  return Object.assign(make, { [fc.toStringMethod]: () => label });
}

/** A path segment standing for an id, given the run's existing resource (the usual choice). */
export const pathId: fc.Arbitrary<(target: string) => string> = fc.oneof(
  { weight: 5, arbitrary: fc.constant(idFrom('target', (target) => target)) },
  { weight: 1, arbitrary: fc.constant(idFrom('TARGET', (target) => target.toUpperCase())) },
  { weight: 1, arbitrary: fc.uuid().map((uuid) => idFrom(uuid, () => uuid)) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      idFrom('target%20', (target) => `${target}%20`),
      idFrom('%20target', (target) => `%20${target}`),
      idFrom('{target}', (target) => `{${target}}`),
      idFrom('target without dashes', (target) => target.replace(/-/g, '')),
      idFrom('target0', (target) => `${target}0`),
    ),
  },
  {
    weight: 2,
    arbitrary: fc
      .oneof(
        oddString.map((text) => percentEncode(text) || '%20'),
        fc.constantFrom(
          '%',
          '%E0%A4%A',
          '%00',
          '%ED%A0%80',
          '%C3%28',
          '..',
          '%2e%2e',
          '00000000-0000-0000-0000-000000000000',
          'ffffffff-ffff-ffff-ffff-ffffffffffff',
          'x'.repeat(5000),
        ),
      )
      .map((segment) => idFrom(segment.slice(0, 60), () => segment)),
  },
);
