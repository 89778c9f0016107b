// npm run bench: drives the BUILT server (dist/main.js) over HTTP with autocannon and compares every
// figure with a bare Nest route measured in the same run, before and after the scenarios (ratios
// divide by the mean of the two). Build first (npm run build).
//   BENCH_DURATION  seconds per measured scenario (default 10); BENCH_WARMUP seconds of warm-up (3)
//   BENCH_CONNECTIONS (32); BENCH_OUT json file (default .bench/results-<time>.json)
//   DATABASE_URL / READ_DATABASE_URL: run the server on PostgreSQL instead of a fresh SQLite DATA_DIR
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { call, load, percentile, startServer } from './lib.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const POOL = Number(process.env.BENCH_POOL ?? 1000);
const OUT =
  process.env.BENCH_OUT ??
  join(root, '.bench', `results-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);

if (!existsSync(join(root, 'dist/main.js'))) {
  console.error('dist/main.js is missing: run `npm run build` first (npm run bench builds nothing itself).');
  process.exit(1);
}

const random = (items) => items[Math.floor(Math.random() * items.length)];
const results = [];

function record(name, result, extra = {}) {
  const row = {
    scenario: name,
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    non2xx: result.non2xx + result.errors + result.timeouts,
    ...extra,
  };
  results.push(row);
  console.log(`  ${name}: ${row.rps} rps, p99 ${row.p99} ms, non-2xx ${row.non2xx}`);
  return row;
}

async function measure(name, base, requests, extra) {
  await load(base, { connections: CONNECTIONS, duration: WARMUP, requests });
  const result = await load(base, { connections: CONNECTIONS, duration: DURATION, requests });
  return { row: record(name, result, extra), result };
}

const post = (path, body) => ({
  method: 'POST',
  path,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});
const dynamic = (make) => ({ setupRequest: (request) => ({ ...request, ...make() }) });

const dataDir = mkdtempSync(join(tmpdir(), 'cqrs-bench-'));
const startCeiling = () => startServer(join(root, 'bench/ceiling-app.mjs'), {}, '/ceiling');
let ceiling = await startCeiling();
const server = await startServer(
  join(root, 'dist/main.js'),
  { DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
  '/inventory-items?limit=1',
);
const { base } = server;
console.log(`bench: ${DURATION}s per scenario after ${WARMUP}s warm-up, ${CONNECTIONS} connections`);

try {
  const measureCeiling = async (when) =>
    (await measure(`ceiling, ${when} (bare Nest GET route)`, ceiling.base, [{ method: 'GET', path: '/ceiling' }]))
      .row;
  const ceilingBefore = await measureCeiling('before');
  await ceiling.stop();

  await measure('create item', base, [
    dynamic(() => post('/inventory-items', { name: `Bench ${Math.random()}` })),
  ]);

  const pool = [];
  for (let start = 0; start < POOL; start += CONNECTIONS) {
    const batch = Array.from({ length: Math.min(CONNECTIONS, POOL - start) }, (_, index) =>
      call(base, 'POST', '/inventory-items', { name: `Pool ${start + index}` }),
    );
    for (const created of await Promise.all(batch)) pool.push(created.id);
  }

  await measure('check-in, 1,000 items', base, [
    dynamic(() => post(`/inventory-items/${random(pool)}/check-in`, { count: 1 })),
  ]);

  const hot = await call(base, 'POST', '/inventory-items', { name: 'Hot item' });
  const { result: hotResult } = await measure('check-in, one hot item', base, [
    post(`/inventory-items/${hot.id}/check-in`, { count: 1 }),
  ]);
  const marker = await call(base, 'POST', `/inventory-items/${hot.id}/check-in`, { count: 1 });
  const hotItem = await call(base, 'GET', `/inventory-items/${hot.id}?minPosition=${marker.position}`);
  // Warm-up and measured runs both hit the hot item; autocannon counts 2xx of the measured one only,
  // so compare the item's version (one per applied check-in) with every 2xx of both runs.
  const applied = hotItem.currentCount - 1;
  results.at(-1).appliedCheckIns = applied;
  results.at(-1).acknowledgedInMeasuredRun = hotResult['2xx'];
  results.at(-1).lostUpdates = hotItem.version - 2 === applied ? 0 : Math.abs(hotItem.version - 2 - applied);

  await call(base, 'GET', `/inventory-items/${pool[0]}?minPosition=${marker.position}`);
  await measure('detail read', base, [
    dynamic(() => ({ method: 'GET', path: `/inventory-items/${random(pool)}` })),
  ]);
  const { total } = await call(base, 'GET', '/inventory-items?limit=1');
  await measure('list read (limit 50)', base, [
    dynamic(() => ({
      method: 'GET',
      path: `/inventory-items?limit=50&offset=${Math.floor(Math.random() * Math.max(1, total - 50))}`,
    })),
  ]);
  await measure('mix 90% read / 10% check-in', base, [
    dynamic(() =>
      Math.random() < 0.1
        ? post(`/inventory-items/${random(pool)}/check-in`, { count: 1 })
        : { method: 'GET', path: `/inventory-items/${random(pool)}` },
    ),
  ]);

  // Read-after-write lag at half of the maximum write load: time from a command's answer until
  // the view shows its version, sampled while a background load checks in at half the top rate.
  const checkInRps = results.find((row) => row.scenario === 'check-in, 1,000 items').rps;
  const background = load(base, {
    connections: CONNECTIONS,
    duration: Math.max(DURATION, 3),
    overallRate: Math.max(1, Math.round(checkInRps / 2)),
    requests: [dynamic(() => post(`/inventory-items/${random(pool)}/check-in`, { count: 1 }))],
  });
  const probe = await call(base, 'POST', '/inventory-items', { name: 'Lag probe' });
  const lags = [];
  const lagDeadline = Date.now() + Math.max(DURATION, 3) * 1000 - 500;
  while (Date.now() < lagDeadline) {
    const written = await call(base, 'POST', `/inventory-items/${probe.id}/check-in`, { count: 1 });
    const answered = performance.now();
    for (;;) {
      const response = await fetch(`${base}/inventory-items/${probe.id}`);
      if (response.ok && (await response.json()).version >= written.version) break;
    }
    lags.push(performance.now() - answered);
  }
  await background;
  lags.sort((a, b) => a - b);
  const lagRow = {
    scenario: 'read-after-write lag at half load',
    samples: lags.length,
    lagP50ms: Number(percentile(lags, 50).toFixed(2)),
    lagP99ms: Number(percentile(lags, 99).toFixed(2)),
  };
  results.push(lagRow);
  console.log(`  lag: p50 ${lagRow.lagP50ms} ms, p99 ${lagRow.lagP99ms} ms over ${lags.length} samples`);

  const paths = Object.keys((await call(base, 'GET', '/docs-json')).paths);
  if (paths.includes('/orders')) {
    for (let start = 0; start < pool.length; start += CONNECTIONS) {
      await Promise.all(
        pool
          .slice(start, start + CONNECTIONS)
          .map((id) => call(base, 'POST', `/inventory-items/${id}/check-in`, { count: 1_000_000 })),
      );
    }
    await measure('place order (1 line)', base, [
      dynamic(() => post('/orders', { lines: [{ itemId: random(pool), quantity: 1 }] })),
    ]);
  }

  // Measured again at the end, once the server has stopped (the saga may still be working through
  // the placed orders): on a shared machine the load can change during a run, and every ratio
  // divides by the mean of the two.
  const peakRssMiB = server.peakRssMiB();
  await server.stop();
  ceiling = await startCeiling();
  const ceilingAfter = await measureCeiling('after');
  await ceiling.stop();
  const ceilingRps = (ceilingBefore.rps + ceilingAfter.rps) / 2;
  for (const row of results)
    if (row.rps !== undefined) row.ratioToCeiling = Number((row.rps / ceilingRps).toFixed(2));
  console.log(`\n| scenario | rps | p50 ms | p90 ms | p99 ms | non-2xx | ratio to ceiling |`);
  console.log(`|---|---:|---:|---:|---:|---:|---:|`);
  for (const row of results.filter((r) => r.rps !== undefined)) {
    console.log(
      `| ${row.scenario} | ${row.rps} | ${row.p50} | ${row.p90} | ${row.p99} | ${row.non2xx} | ${row.ratioToCeiling} |`,
    );
  }
  console.log(`\nread-after-write lag at half load: p50 ${lagRow.lagP50ms} ms, p99 ${lagRow.lagP99ms} ms`);
  const hotRow = results.find((row) => row.scenario === 'check-in, one hot item');
  console.log(`hot item: ${hotRow.appliedCheckIns} check-ins applied, lost updates: ${hotRow.lostUpdates}`);
  console.log(`server peak RSS: ${peakRssMiB} MiB`);
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(
    OUT,
    JSON.stringify(
      {
        when: new Date().toISOString(),
        durationSeconds: DURATION,
        connections: CONNECTIONS,
        peakRssMiB,
        ceilingRps,
        results,
      },
      null,
      2,
    ),
  );
  console.log(`results: ${OUT}`);
} finally {
  await ceiling.stop();
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
