// npm run bench: drives the BUILT server (dist/main.js) over HTTP with autocannon and compares every
// scenario, in the same run, with
//   - the plain CRUD baseline (bench/crud: the inventory routes as a NestJS + TypeORM service with one
//     table, every command a transaction that reads the row under a lock, checks and updates it), on
//     the same database, measured right before the application in each scenario;
//   - the ceiling: a bare Nest route on the same HTTP adapter, measured before and after the
//     scenarios (ratios divide by the mean of the two).
// Build first (npm run build); the baseline is compiled here into .bench/crud when its sources changed.
//   BENCH_DURATION  seconds per measured scenario (default 10); BENCH_WARMUP seconds of warm-up (3)
//   BENCH_CONNECTIONS (32); BENCH_POOL items checked in at random (1000);
//   BENCH_LAG_RATE  check-ins/s behind the read-after-write lag probe, evenly spaced (default: half the
//                   measured check-in rate)
//   BENCH_OUT json file (default .bench/results-<time>.json)
//   BENCH_ADAPTERS  HTTP adapters of the baseline and the ceiling, comma-separated (express,fastify);
//                   default: the application's own adapter
//   DATABASE_URL    run everything on PostgreSQL: the application and each baseline get a fresh
//                   database of their own on that server, dropped at the end. Else fresh SQLite files
//                   (SQLITE_SYNCHRONOUS, FULL by default, applies to both).
//   DATABASE_POOL_SIZE  passed to the application and the baseline alike.
//   BENCH_NATS=1    the application publishes its integration events to a nats-server of the run's
//                   own: the forwarder's lag at the end of the check-in scenario, and its catch-up.
//   BENCH_COMPARE   the built server of another checkout (its dist/main.js), measured in every
//                   scenario right before this one: a change to a hot path, before and after, in one run.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  applicationAdapter,
  call,
  dynamic,
  load,
  percentile,
  post,
  postgresDatabases,
  startServer,
  steadyLoad,
  writeResults,
} from './lib.mjs';
import { BENCH_NATS, forwarderCatchUp, startNats } from './nats.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const POOL = Number(process.env.BENCH_POOL ?? 1000);
// Check-ins/s in the background of the lag probe; unset: half the application's check-in rate.
const LAG_RATE = process.env.BENCH_LAG_RATE ? Number(process.env.BENCH_LAG_RATE) : undefined;
const OUT =
  process.env.BENCH_OUT ??
  join(root, '.bench', `results-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
const APP_ADAPTER = applicationAdapter(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')));
const ADAPTERS = (process.env.BENCH_ADAPTERS || APP_ADAPTER).split(',').map((adapter) => adapter.trim());
for (const adapter of ADAPTERS) {
  if (!['express', 'fastify'].includes(adapter)) {
    console.error(`BENCH_ADAPTERS: express or fastify, got "${adapter}"`);
    process.exit(1);
  }
}
const CEILING_ADAPTERS = [...new Set([APP_ADAPTER, ...ADAPTERS])];
const POSTGRES_URL = process.env.DATABASE_URL || undefined;
const COMPARE = process.env.BENCH_COMPARE || undefined;
if (COMPARE && !existsSync(COMPARE)) {
  console.error(`BENCH_COMPARE: no such file ${COMPARE} (the other checkout's dist/main.js)`);
  process.exit(1);
}

if (!existsSync(join(root, 'dist/main.js'))) {
  console.error('dist/main.js is missing: run `npm run build` first (npm run bench builds nothing itself).');
  process.exit(1);
}

/** Compiles bench/crud into .bench/crud unless the output is newer than every source. */
function buildBaseline() {
  const sources = join(root, 'bench/crud');
  const output = join(root, '.bench/crud/main.js');
  const newest = Math.max(...readdirSync(sources).map((file) => statSync(join(sources, file)).mtimeMs));
  if (existsSync(output) && statSync(output).mtimeMs > newest) return;
  console.log('bench: compiling the CRUD baseline (bench/crud -> .bench/crud)');
  execFileSync(
    process.execPath,
    [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(sources, 'tsconfig.json')],
    {
      stdio: 'inherit',
    },
  );
}
buildBaseline();

const random = (items) => items[Math.floor(Math.random() * items.length)];
const results = [];

function record(target, name, result, extra = {}) {
  const row = {
    target: target.name,
    scenario: name,
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    non2xx: result.non2xx + result.errors + result.timeouts,
    ...extra,
  };
  results.push(row);
  console.log(
    `  ${target.name.padEnd(14)} ${name}: ${row.rps} rps, p99 ${row.p99} ms, non-2xx ${row.non2xx}`,
  );
  return row;
}

async function measure(target, name, requests, extra) {
  await load(target.base, { connections: CONNECTIONS, duration: WARMUP, requests });
  const result = await load(target.base, { connections: CONNECTIONS, duration: DURATION, requests });
  return { row: record(target, name, result, extra), result };
}

const folders = [];
const tempFolder = () => {
  const folder = mkdtempSync(join(tmpdir(), 'cqrs-bench-'));
  folders.push(folder);
  return folder;
};
const databases = POSTGRES_URL ? await postgresDatabases(POSTGRES_URL) : undefined;
/** The environment of a server's store: a fresh PostgreSQL database, or a fresh SQLite folder. */
async function storeEnv(name) {
  if (!databases) return { DATA_DIR: tempFolder(), DATABASE_URL: '', READ_DATABASE_URL: '' };
  const url = await databases.create(name);
  return { DATA_DIR: tempFolder(), DATABASE_URL: url, READ_DATABASE_URL: url };
}

const ceilings = Object.fromEntries(CEILING_ADAPTERS.map((adapter) => [adapter, []]));
async function measureCeilings(when) {
  for (const adapter of CEILING_ADAPTERS) {
    const server = await startServer(
      join(root, 'bench/ceiling-app.mjs'),
      { HTTP_ADAPTER: adapter },
      '/ceiling',
    );
    try {
      const target = { name: `ceiling ${adapter}`, base: server.base };
      const { row } = await measure(target, `ceiling, ${when} (bare Nest GET route)`, [
        { method: 'GET', path: '/ceiling' },
      ]);
      ceilings[adapter].push(row.rps);
    } finally {
      await server.stop();
    }
  }
}

const servers = [];
let nats;
let forwarderRow;
console.log(
  `bench: ${DURATION}s per scenario after ${WARMUP}s warm-up, ${CONNECTIONS} connections, ` +
    `${POSTGRES_URL ? 'PostgreSQL' : 'SQLite'}, application on ${APP_ADAPTER}, baseline on ${ADAPTERS.join(' and ')}`,
);

try {
  await measureCeilings('before');

  /** Everything a scenario needs of one server under test. */
  const targets = [];
  for (const adapter of ADAPTERS) {
    const server = await startServer(
      join(root, '.bench/crud/main.js'),
      { ...(await storeEnv(`crud_${adapter}`)), HTTP_ADAPTER: adapter },
      '/inventory-items?limit=1',
    );
    servers.push(server);
    targets.push({ name: `CRUD ${adapter}`, adapter, crud: true, base: server.base, server, pool: [] });
  }
  if (COMPARE) {
    const server = await startServer(
      COMPARE,
      { ...(await storeEnv('compare')), LOG_LEVEL: 'warn' },
      '/inventory-items?limit=1',
    );
    servers.push(server);
    targets.push({ name: 'compared build', crud: false, base: server.base, server, pool: [] });
  }
  nats = BENCH_NATS ? await startNats() : undefined;
  const appServer = await startServer(
    join(root, 'dist/main.js'),
    { ...(await storeEnv('app')), LOG_LEVEL: 'warn', NATS_URL: nats?.url ?? '' },
    '/inventory-items?limit=1',
  );
  servers.push(appServer);
  const app = {
    name: 'application',
    adapter: APP_ADAPTER,
    crud: false,
    base: appServer.base,
    server: appServer,
    pool: [],
  };
  targets.push(app);

  /**
   * Lets an event-sourced target's projections finish the work of the scenario before the next
   * server is measured: a check-in, then a read that waits for the views to include it.
   */
  async function settle(target = app) {
    if (target.crud || target.pool.length === 0) return;
    const item = target.pool[0];
    const marker = await call(target.base, 'POST', `/inventory-items/${item}/check-in`, { count: 1 });
    await call(target.base, 'GET', `/inventory-items/${item}?minPosition=${marker.position}`);
  }

  /** One scenario on every target in turn (each baseline, then the application), as `run(target)`. */
  async function scenario(run) {
    for (const target of targets) {
      await run(target);
      await settle(target);
    }
  }

  await scenario((target) =>
    measure(target, 'create item', [
      dynamic(() => post('/inventory-items', { name: `Bench ${Math.random()}` })),
    ]),
  );

  for (const target of targets) {
    for (let start = 0; start < POOL; start += CONNECTIONS) {
      const batch = Array.from({ length: Math.min(CONNECTIONS, POOL - start) }, (_, index) =>
        call(target.base, 'POST', '/inventory-items', { name: `Pool ${start + index}` }),
      );
      for (const created of await Promise.all(batch)) target.pool.push(created.id);
    }
  }
  for (const target of targets) await settle(target);

  await scenario(async (target) => {
    const { row } = await measure(target, 'check-in, 1,000 items', [
      dynamic(() => post(`/inventory-items/${random(target.pool)}/check-in`, { count: 1 })),
    ]);
    if (target === app && nats) {
      Object.assign(row, await forwarderCatchUp(app.base));
      forwarderRow = row;
      console.log(
        `  forwarder: lag ${row.lagAtEnd} events at the end, at the head ${row.catchUpMs} ms later`,
      );
    }
  });

  await scenario(async (target) => {
    const hot = await call(target.base, 'POST', '/inventory-items', { name: 'Hot item' });
    const { row, result } = await measure(target, 'check-in, one hot item', [
      post(`/inventory-items/${hot.id}/check-in`, { count: 1 }),
    ]);
    const marker = await call(target.base, 'POST', `/inventory-items/${hot.id}/check-in`, { count: 1 });
    const after = target.crud ? '' : `?minPosition=${marker.position}`;
    const hotItem = await call(target.base, 'GET', `/inventory-items/${hot.id}${after}`);
    // Warm-up and measured runs both hit the hot item; autocannon counts 2xx of the measured one only,
    // so compare the item's version (one per applied check-in) with its count.
    const applied = hotItem.currentCount - 1;
    row.appliedCheckIns = applied;
    row.acknowledgedInMeasuredRun = result['2xx'];
    row.lostUpdates = hotItem.version - 2 === applied ? 0 : Math.abs(hotItem.version - 2 - applied);
  });

  await scenario((target) =>
    measure(target, 'detail read', [
      dynamic(() => ({ method: 'GET', path: `/inventory-items/${random(target.pool)}` })),
    ]),
  );
  await scenario(async (target) => {
    const { total } = await call(target.base, 'GET', '/inventory-items?limit=1');
    await measure(target, 'list read (limit 50)', [
      dynamic(() => ({
        method: 'GET',
        path: `/inventory-items?limit=50&offset=${Math.floor(Math.random() * Math.max(1, total - 50))}`,
      })),
    ]);
  });
  await scenario((target) =>
    measure(target, 'mix 90% read / 10% check-in', [
      dynamic(() =>
        Math.random() < 0.1
          ? post(`/inventory-items/${random(target.pool)}/check-in`, { count: 1 })
          : { method: 'GET', path: `/inventory-items/${random(target.pool)}` },
      ),
    ]),
  );

  // Read-after-write lag of the application (the baseline reads its own table: no lag) at half of
  // its maximum check-in rate: time from a command's answer until the view shows its version,
  // sampled while a background load checks in at half the top rate.
  const checkInRps = results.find(
    (row) => row.target === app.name && row.scenario === 'check-in, 1,000 items',
  ).rps;
  const background = steadyLoad(app.base, {
    connections: CONNECTIONS,
    duration: Math.max(DURATION, 3),
    rate: LAG_RATE ?? Math.max(1, Math.round(checkInRps / 2)),
    make: () => ({
      method: 'POST',
      path: `/inventory-items/${random(app.pool)}/check-in`,
      body: { count: 1 },
    }),
  });
  const probe = await call(app.base, 'POST', '/inventory-items', { name: 'Lag probe' });
  const lags = [];
  const lagDeadline = Date.now() + Math.max(DURATION, 3) * 1000 - 500;
  while (Date.now() < lagDeadline) {
    const written = await call(app.base, 'POST', `/inventory-items/${probe.id}/check-in`, { count: 1 });
    const answered = performance.now();
    for (;;) {
      const response = await fetch(`${app.base}/inventory-items/${probe.id}`);
      if (response.ok && (await response.json()).version >= written.version) break;
    }
    lags.push(performance.now() - answered);
  }
  const backgroundDone = await background;
  lags.sort((a, b) => a - b);
  const lagRow = {
    target: app.name,
    scenario: LAG_RATE ? 'read-after-write lag at a set load' : 'read-after-write lag at half load',
    backgroundRps: LAG_RATE ?? Math.round(checkInRps / 2),
    backgroundAnswered: backgroundDone.answered,
    backgroundFailed: backgroundDone.non2xx + backgroundDone.errors,
    samples: lags.length,
    lagP50ms: Number(percentile(lags, 50).toFixed(2)),
    lagP99ms: Number(percentile(lags, 99).toFixed(2)),
  };
  results.push(lagRow);
  console.log(
    `  lag: p50 ${lagRow.lagP50ms} ms, p99 ${lagRow.lagP99ms} ms over ${lags.length} samples; ` +
      `background ${backgroundDone.answered} check-ins answered, ${lagRow.backgroundFailed} failed`,
  );

  const paths = Object.keys((await call(app.base, 'GET', '/docs-json')).paths);
  if (paths.includes('/orders')) {
    for (let start = 0; start < app.pool.length; start += CONNECTIONS) {
      await Promise.all(
        app.pool
          .slice(start, start + CONNECTIONS)
          .map((id) => call(app.base, 'POST', `/inventory-items/${id}/check-in`, { count: 1_000_000 })),
      );
    }
    await measure(app, 'place order (1 line, saga included)', [
      dynamic(() => post('/orders', { lines: [{ itemId: random(app.pool), quantity: 1 }] })),
    ]);
  }

  // The ceiling again at the end, once the servers have stopped (the saga may still be working
  // through the placed orders): on a shared machine the load can change during a run, and the
  // ratios to the ceiling divide by the mean of the two.
  const peakRssMiB = Object.fromEntries(targets.map((target) => [target.name, target.server.peakRssMiB()]));
  for (const server of servers) await server.stop();
  await measureCeilings('after');
  const ceilingRps = Object.fromEntries(
    CEILING_ADAPTERS.map((adapter) => [adapter, (ceilings[adapter][0] + ceilings[adapter][1]) / 2]),
  );
  const adapterOf = (row) => row.target.split(' ').at(-1);
  for (const row of results) {
    if (row.rps === undefined) continue;
    if (row.target === 'compared build') continue;
    const adapter = row.target === app.name ? APP_ADAPTER : adapterOf(row);
    row.ratioToCeiling = Number((row.rps / ceilingRps[adapter]).toFixed(2));
  }

  // One line per scenario of the application: its figures, its ratio to each baseline's rps in the
  // same scenario, and to the ceiling of its adapter.
  const comparisons = [];
  for (const row of results.filter((r) => r.target === app.name && r.rps !== undefined)) {
    const baselines = {};
    for (const adapter of ADAPTERS) {
      const crud = results.find((r) => r.target === `CRUD ${adapter}` && r.scenario === row.scenario);
      if (crud)
        baselines[adapter] = { rps: crud.rps, p99: crud.p99, ratio: Number((row.rps / crud.rps).toFixed(2)) };
    }
    row.ratioToBaseline = Object.fromEntries(
      Object.entries(baselines).map(([key, value]) => [key, value.ratio]),
    );
    comparisons.push({
      scenario: row.scenario,
      rps: row.rps,
      p99: row.p99,
      ratioToCeiling: row.ratioToCeiling,
      baselines,
    });
  }

  const database = POSTGRES_URL
    ? 'PostgreSQL'
    : `SQLite, synchronous=${process.env.SQLITE_SYNCHRONOUS || 'FULL'}`;
  console.log(`\nApplication on ${APP_ADAPTER}, ${database}; baseline = plain CRUD on the same database`);
  const crudHeads = ADAPTERS.map((adapter) => `CRUD ${adapter} rps | ratio to CRUD ${adapter}`);
  console.log(`| scenario | rps | p50 ms | p99 ms | non-2xx | ${crudHeads.join(' | ')} | ratio to ceiling |`);
  console.log(`|---|---:|---:|---:|---:|${ADAPTERS.map(() => '---:|---:|').join('')}---:|`);
  for (const row of results.filter((r) => r.target === app.name && r.rps !== undefined)) {
    const cells = ADAPTERS.map((adapter) => {
      const baseline = comparisons.find((c) => c.scenario === row.scenario)?.baselines[adapter];
      return baseline ? `${baseline.rps} | ${baseline.ratio}` : '- | -';
    });
    console.log(
      `| ${row.scenario} | ${row.rps} | ${row.p50} | ${row.p99} | ${row.non2xx} | ${cells.join(' | ')} | ${row.ratioToCeiling} |`,
    );
  }
  if (COMPARE) {
    console.log(`\nthis build / the compared build (${COMPARE}), same run:`);
    for (const row of results.filter((r) => r.target === app.name && r.rps !== undefined)) {
      const other = results.find((r) => r.target === 'compared build' && r.scenario === row.scenario);
      if (other)
        console.log(`  ${row.scenario}: ${row.rps} / ${other.rps} rps = ${(row.rps / other.rps).toFixed(2)}`);
    }
  }
  for (const adapter of CEILING_ADAPTERS) {
    console.log(
      `ceiling ${adapter} (bare Nest GET route): ${ceilings[adapter].join(' before, ')} after, rps`,
    );
  }
  console.log(
    `\nread-after-write lag with ${lagRow.backgroundRps} check-ins/s in the background: p50 ${lagRow.lagP50ms} ms, p99 ${lagRow.lagP99ms} ms`,
  );
  if (forwarderRow)
    console.log(
      `forwarder to NATS after ${forwarderRow.rps} check-ins/s: lag ${forwarderRow.lagAtEnd} events at the end, caught up ${forwarderRow.catchUpMs} ms later`,
    );
  for (const row of results.filter((r) => r.scenario === 'check-in, one hot item')) {
    console.log(
      `hot item, ${row.target}: ${row.appliedCheckIns} check-ins applied, lost updates: ${row.lostUpdates}`,
    );
  }
  console.log(
    `peak RSS MiB: ${Object.entries(peakRssMiB)
      .map(([name, mib]) => `${name} ${mib}`)
      .join(', ')}`,
  );
  writeResults(OUT, {
    database: POSTGRES_URL ? 'postgres' : 'sqlite',
    applicationAdapter: APP_ADAPTER,
    baselineAdapters: ADAPTERS,
    durationSeconds: DURATION,
    connections: CONNECTIONS,
    peakRssMiB,
    ceilingRps,
    comparisons,
    results,
  });
} finally {
  for (const server of servers) await server.stop();
  await nats?.stop();
  await databases?.dropAll();
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
}
