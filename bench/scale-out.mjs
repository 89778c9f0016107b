// npm run bench:scale: scale-out on one PostgreSQL server. Starts the BUILT server (dist/main.js) in
// roles (APP_ROLE, README "Running beyond one machine") and measures, each topology on fresh
// databases of its own, with a projector process beside:
//   - writes: check-ins on a pool of items through 1 command process, then through 2;
//   - reads: detail reads of that pool through 1 query process, then through 2.
// The connections are split evenly across the processes under test, one autocannon per process,
// all at the same time; rps are summed, p99 is the worst process's. Every measured window also
// reports the CPU seconds each process used (from /proc/<pid>/stat), PostgreSQL's (the backends
// on the topology's database, and the server's shared background processes), the load
// generator's (this process) and the rest of the machine's, with the loadavg: on a small machine
// they all share the same cores, and those figures say what limits the rps (CPU ms per request,
// and the rps the cores would allow at that cost). After the writes, the views' lag behind the
// log and the time they took to reach its head (GET /projections on the projector).
// Build first (npm run build).
//   DATABASE_URL    required: a PostgreSQL server where fresh databases are created (and dropped)
//   BENCH_DURATION  seconds per measured window (default 10); BENCH_WARMUP seconds of warm-up (3)
//   BENCH_CONNECTIONS (32, split across the processes); BENCH_POOL items (1000)
//   BENCH_ROUNDS    the four topologies again, in turn, this many times (1): on a shared machine one
//                   window's neighbours differ from the next one's; the summary gives the median ratio
//   BENCH_OUT json file (default .bench/scale-out-<time>.json)
//   DATABASE_POOL_SIZE, AGGREGATE_CACHE_SIZE  passed to every process.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { call, dynamic, load, post, postgresDatabases, startServer, writeResults } from './lib.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const POOL = Number(process.env.BENCH_POOL ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 1);
const OUT =
  process.env.BENCH_OUT ??
  join(root, '.bench', `scale-out-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
const POSTGRES_URL = process.env.DATABASE_URL || undefined;

if (!POSTGRES_URL) {
  console.error(
    'npm run bench:scale needs DATABASE_URL=postgres://user@host:5432/db: command, query and projector ' +
      'processes only run on PostgreSQL. It creates fresh databases on that server and drops them at the end.',
  );
  process.exit(1);
}
if (!existsSync(join(root, 'dist/main.js'))) {
  console.error(
    'dist/main.js is missing: run `npm run build` first (npm run bench:scale builds nothing itself).',
  );
  process.exit(1);
}

// /proc/<pid>/stat counts CPU time in clock ticks: 100 a second on Linux unless getconf says otherwise.
const TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU seconds (user + system) a process has used so far; null once it is gone. */
function cpuSeconds(pid) {
  try {
    // The command name (field 2) may hold spaces: count the fields after its closing parenthesis.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS;
  } catch {
    return null;
  }
}

/** Context switches of a process so far, from /proc/<pid>/status: [voluntary, preempted]. */
function contextSwitches(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const count = (field) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)[1]);
    return [count('voluntary_ctxt_switches'), count('nonvoluntary_ctxt_switches')];
  } catch {
    return [0, 0];
  }
}

/** The machine's busy and total CPU time so far over every core, in seconds, from /proc/stat. */
function machineCpu() {
  const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
  // user nice system idle iowait irq softirq steal (guest time is counted in user already)
  const total = ticks.slice(0, 8).reduce((sum, value) => sum + value, 0);
  return { busy: (total - ticks[3] - ticks[4]) / TICKS, total: total / TICKS };
}

/**
 * The PostgreSQL processes that work for a topology, by pid: the backends connected to its
 * database, and the server's background processes (WAL writer, checkpointer...), which every
 * database on the server shares. Their CPU comes from /proc, so only for a server on this machine.
 */
async function postgresPids(database) {
  const { rows } = await admin.query(
    'SELECT pid, datname FROM pg_stat_activity WHERE (datname = $1 OR datname IS NULL) AND pid <> pg_backend_pid()',
    [database],
  );
  return {
    backends: rows.filter((row) => row.datname === database).map((row) => row.pid),
    background: rows.filter((row) => row.datname === null).map((row) => row.pid),
  };
}

/**
 * Statements PostgreSQL ran on a topology's database and their execution time, from
 * pg_stat_statements (loaded by the server, the extension created in that database): `reset()`
 * before a window, `read()` after it. Null where the server does not load it.
 */
async function statementStats(url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    await client.query('SELECT calls FROM pg_stat_statements LIMIT 1');
  } catch {
    await client.end();
    return { reset: async () => {}, read: async () => null, end: async () => {} };
  }
  const here = '(SELECT oid FROM pg_database WHERE datname = current_database())';
  return {
    reset: () => client.query(`SELECT pg_stat_statements_reset(0, ${here}, 0)`),
    async read() {
      const { rows } = await client.query(
        `SELECT coalesce(sum(calls), 0)::float8 AS calls, coalesce(sum(total_exec_time), 0)::float8 AS ms
           FROM pg_stat_statements WHERE dbid = ${here}`,
      );
      return rows[0];
    },
    end: () => client.end(),
  };
}

/** Everything the CPU figures of one window compare, at one instant. */
async function cpuSnapshot(processes, database) {
  const pids = await postgresPids(database);
  const own = process.cpuUsage();
  const each = (list) => new Map(list.map((pid) => [pid, cpuSeconds(pid)]));
  return {
    processes: processes.map(({ server }) => cpuSeconds(server.pid)),
    switches: processes.map(({ server }) => contextSwitches(server.pid)),
    loadGenerator: (own.user + own.system) / 1e6,
    backends: each(pids.backends),
    background: each(pids.background),
    machine: machineCpu(),
    at: performance.now(),
  };
}

const round = (value, digits = 2) => Number(value.toFixed(digits));

/**
 * CPU seconds PostgreSQL processes used between two snapshots: a process that started in the
 * window counts whole, one that ended in it counts nothing (the pools here keep theirs open).
 */
function postgresBetween(before, after) {
  let used = 0;
  let known = false;
  for (const [pid, seconds] of after) {
    if (seconds === null) continue;
    known = true;
    used += seconds - (before.get(pid) ?? 0);
  }
  return known ? round(used) : null;
}

/**
 * CPU used between two snapshots: seconds per process, PostgreSQL's, the load generator's, and
 * the rest of the machine (other work on it, the kernel) out of what its cores could give.
 */
function cpuBetween(processes, before, after) {
  const seconds = (after.at - before.at) / 1000;
  const used = Object.fromEntries(
    processes.map(({ name }, index) => [name, round(after.processes[index] - before.processes[index])]),
  );
  used.autocannon = round(after.loadGenerator - before.loadGenerator);
  used['postgres backends'] = postgresBetween(before.backends, after.backends);
  used['postgres background'] = postgresBetween(before.background, after.background);
  const busy = after.machine.busy - before.machine.busy;
  const ours = Object.values(used).reduce((sum, value) => sum + (value ?? 0), 0);
  used['rest of the machine'] = round(Math.max(0, busy - ours));
  const total = after.machine.total - before.machine.total;
  const switched = (kind) =>
    processes.reduce((sum, _, index) => sum + after.switches[index][kind] - before.switches[index][kind], 0);
  return {
    nodeContextSwitches: { voluntary: switched(0), preempted: switched(1) },
    windowSeconds: round(seconds),
    cpuSeconds: used,
    machineBusySeconds: round(busy),
    machineCores: Math.round(total / seconds),
    machineBusyPercent: Math.round((100 * busy) / total),
  };
}

const random = (items) => items[Math.floor(Math.random() * items.length)];

/** `total` connections split as evenly as may be across `count` processes. */
const split = (total, count) =>
  Array.from({ length: count }, (_, index) => Math.floor(total / count) + (index < total % count ? 1 : 0));

/** The views' lag behind the log, from the projector: the largest over the projections. */
async function projectionLag(projector) {
  const states = await call(projector.base, 'GET', '/projections');
  const projections = states.filter((state) => state.kind === 'projection');
  return Math.max(0, ...projections.map((state) => state.lag));
}

/** Milliseconds until every projection is at the log's head (throws after 60 s). */
async function catchUp(projector) {
  const started = performance.now();
  while ((await projectionLag(projector)) > 0) {
    if (performance.now() - started > 60_000)
      throw new Error('the projections did not reach the head in 60 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return Math.round(performance.now() - started);
}

const folder = mkdtempSync(join(tmpdir(), 'cqrs-scale-'));
const databases = await postgresDatabases(POSTGRES_URL);
// Asks the server which of its processes serve a topology's database.
const { default: pg } = await import('pg');
const admin = new pg.Client({ connectionString: POSTGRES_URL });
await admin.connect();
const running = [];
const results = [];

/** One process of the build in `role`, on the topology's databases. */
async function start(role, url, name) {
  const server = await startServer(
    join(root, 'dist/main.js'),
    {
      APP_ROLE: role,
      DATABASE_URL: url,
      READ_DATABASE_URL: url,
      DATA_DIR: folder,
      LOG_LEVEL: 'warn',
    },
    '/health',
  );
  running.push(server);
  return { name, server, base: server.base };
}

/**
 * One topology on fresh databases: a projector (started first: it migrates both stores), the
 * command processes, the query processes; the pool created through the command processes and
 * projected; then `kind` ('writes' or 'reads') measured on every process of that role at once.
 */
async function topology(kind, commandCount, queryCount, pass) {
  const label =
    kind === 'writes'
      ? `check-in, ${commandCount} command process${commandCount > 1 ? 'es' : ''}`
      : `detail read, ${queryCount} query process${queryCount > 1 ? 'es' : ''}`;
  const url = await databases.create(`${kind}_${commandCount}c_${queryCount}q_${pass}`);
  const database = new URL(url).pathname.slice(1);
  const projector = await start('projector', url, 'projector');
  const commands = await Promise.all(
    Array.from({ length: commandCount }, (_, index) => start('command', url, `command ${index + 1}`)),
  );
  const queries = await Promise.all(
    Array.from({ length: queryCount }, (_, index) => start('query', url, `query ${index + 1}`)),
  );
  const everyone = [projector, ...commands, ...queries];
  const statements = await statementStats(url);
  try {
    const pool = [];
    for (let first = 0; first < POOL; first += CONNECTIONS) {
      const batch = Array.from({ length: Math.min(CONNECTIONS, POOL - first) }, (_, index) =>
        call(commands[(first + index) % commands.length].base, 'POST', '/inventory-items', {
          name: `Pool ${first + index}`,
        }),
      );
      for (const created of await Promise.all(batch)) pool.push(created.id);
    }
    await catchUp(projector);

    const targets = kind === 'writes' ? commands : queries;
    const requests =
      kind === 'writes'
        ? [dynamic(() => post(`/inventory-items/${random(pool)}/check-in`, { count: 1 }))]
        : [dynamic(() => ({ method: 'GET', path: `/inventory-items/${random(pool)}` }))];
    const connections = split(CONNECTIONS, targets.length);
    const loadAll = (duration) =>
      Promise.all(
        targets.map((target, index) =>
          load(target.base, { connections: connections[index], duration, requests }),
        ),
      );
    // Each process warms up alone with every connection first, as the single process does: split
    // load alone would leave two processes with half the requests each to compile their hot paths.
    if (targets.length > 1) {
      for (const target of targets)
        await load(target.base, { connections: CONNECTIONS, duration: WARMUP, requests });
    }
    await loadAll(WARMUP);
    if (kind === 'writes') await catchUp(projector);

    await statements.reset();
    const before = await cpuSnapshot(everyone, database);
    const loadBefore = loadavg()[0];
    const measured = await loadAll(DURATION);
    const after = await cpuSnapshot(everyone, database);
    const cpu = cpuBetween(everyone, before, after);
    const ran = await statements.read();
    const answered = measured.reduce((sum, result) => sum + result.requests.total, 0);

    // The honest half of a write figure: how far the views were behind when the load stopped, and
    // how long they took to show every acknowledged check-in.
    const lagAtEnd = await projectionLag(projector);
    const catchUpMs = await catchUp(projector);

    const row = {
      kind,
      round: pass,
      topology: label,
      commandProcesses: commandCount,
      queryProcesses: queryCount,
      connections,
      measuredProcesses: targets.map(({ name }) => name),
      rps: Math.round(measured.reduce((sum, result) => sum + result.requests.average, 0)),
      perProcessRps: measured.map((result) => Math.round(result.requests.average)),
      p50: Math.max(...measured.map((result) => result.latency.p50)),
      p99: Math.max(...measured.map((result) => result.latency.p99)),
      non2xx: measured.reduce((sum, result) => sum + result.non2xx + result.errors + result.timeouts, 0),
      viewLagAtEnd: lagAtEnd,
      viewCatchUpMs: catchUpMs,
      loadavgBefore: round(loadBefore),
      loadavgAfter: round(loadavg()[0]),
      ...cpu,
      requests: answered,
      // What PostgreSQL did per request (the projector's work on the writes included).
      statementsPerRequest: ran ? round(ran.calls / answered) : null,
      postgresExecMsPerRequest: ran ? round(ran.ms / answered, 3) : null,
      nodeContextSwitchesPerRequest: round(
        (cpu.nodeContextSwitches.voluntary + cpu.nodeContextSwitches.preempted) / answered,
      ),
      cpuMsPerRequest: null,
      coreBoundRps: null,
      peakRssMiB: Object.fromEntries(everyone.map(({ name, server }) => [name, server.peakRssMiB()])),
    };
    // What a request costs all of this run's processes (the ones measured, the projector, PostgreSQL,
    // autocannon), whatever else the machine did meanwhile; and the rps the machine's cores would
    // give at that cost if this run had them to itself: the bound no number of processes passes.
    const ours = Object.entries(cpu.cpuSeconds).filter(([name]) => name !== 'rest of the machine');
    if (ours.every(([, seconds]) => seconds !== null)) {
      const seconds = ours.reduce((sum, [, value]) => sum + value, 0);
      row.cpuMsPerRequest = round((seconds * 1000) / answered);
      row.coreBoundRps = Math.round((cpu.machineCores * 1000) / row.cpuMsPerRequest);
    }
    results.push(row);
    console.log(
      `  ${label}: ${row.rps} rps (${row.perProcessRps.join(' + ')}), p99 ${row.p99} ms, ` +
        `non-2xx ${row.non2xx}; views ${lagAtEnd} events behind at the end, at the head ${catchUpMs} ms later`,
    );
    console.log(
      `    CPU s in ${cpu.windowSeconds} s: ${Object.entries(cpu.cpuSeconds)
        .map(([name, seconds]) => `${name} ${seconds}`)
        .join(', ')}; machine ${cpu.machineBusySeconds} of ${round(cpu.windowSeconds * cpu.machineCores)} ` +
        `(${cpu.machineBusyPercent} % of ${cpu.machineCores} cores), loadavg ${row.loadavgBefore} -> ${row.loadavgAfter}`,
    );
    console.log(
      `    per request: ${row.cpuMsPerRequest} CPU ms, ${row.statementsPerRequest ?? '-'} SQL statements ` +
        `(${row.postgresExecMsPerRequest ?? '-'} ms executing), ${row.nodeContextSwitchesPerRequest} context ` +
        `switches of the Node processes (${cpu.nodeContextSwitches.preempted} preempted in all)`,
    );
  } finally {
    await statements.end();
    for (const { server } of everyone) {
      await server.stop();
      running.splice(running.indexOf(server), 1);
    }
  }
}

const title = (row) => (ROUNDS > 1 ? `${row.round}: ${row.topology}` : row.topology);

const commit = (() => {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
})();
console.log(
  `bench:scale: ${DURATION}s per window after ${WARMUP}s warm-up, ${CONNECTIONS} connections split ` +
    `across the processes, ${POOL} items, PostgreSQL, a projector beside; commit ${commit ?? 'unknown'}, ` +
    `loadavg ${loadavg()
      .map((value) => round(value))
      .join(' ')}`,
);

try {
  for (let pass = 1; pass <= ROUNDS; pass++) {
    if (ROUNDS > 1) console.log(`round ${pass} of ${ROUNDS}`);
    await topology('writes', 1, 0, pass);
    await topology('writes', 2, 0, pass);
    await topology('reads', 1, 1, pass);
    await topology('reads', 1, 2, pass);
  }

  console.log(
    `\nScale-out on one PostgreSQL, a projector beside: rps summed over the processes measured, p99 the ` +
      `worst of theirs, CPU seconds used in the ${DURATION} s window; CPU ms per request over all of this ` +
      "run's processes (measured, projector, PostgreSQL, autocannon), and the rps the machine's cores " +
      'would give at that cost if the run had them alone',
  );
  console.log(
    '| topology | rps | p99 ms | non-2xx | 2 vs 1 | CPU s: measured processes | projector | PostgreSQL | ' +
      'autocannon | rest of the machine | CPU ms / request | cores bound rps |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const row of results) {
    const one = results.find(
      (other) => other.kind === row.kind && other.round === row.round && other.measuredProcesses.length === 1,
    );
    row.ratioToOne = row.measuredProcesses.length === 2 && one ? round(row.rps / one.rps) : null;
    const cpu = row.cpuSeconds;
    const postgres =
      cpu['postgres backends'] === null ? '-' : round(cpu['postgres backends'] + cpu['postgres background']);
    console.log(
      `| ${title(row)} | ${row.rps} | ${row.p99} | ${row.non2xx} | ` +
        `${row.ratioToOne ?? '-'} | ${row.measuredProcesses.map((name) => cpu[name]).join(' + ')} | ` +
        `${cpu.projector} | ${postgres} | ${cpu.autocannon} | ${cpu['rest of the machine']} | ` +
        `${row.cpuMsPerRequest ?? '-'} | ${row.coreBoundRps ?? '-'} |`,
    );
  }
  const median = (values) => {
    const sorted = [...values].sort((x, y) => x - y);
    return sorted.length % 2
      ? sorted[(sorted.length - 1) / 2]
      : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  };
  const summary = {};
  for (const kind of ['writes', 'reads']) {
    const ratios = results
      .filter((row) => row.kind === kind && row.ratioToOne !== null)
      .map((row) => row.ratioToOne);
    summary[kind] = { ratios, medianRatio: round(median(ratios)) };
    console.log(
      `${kind === 'writes' ? 'check-ins' : 'detail reads'}, 2 processes vs 1: ${ratios.join(', ')}` +
        (ROUNDS > 1 ? ` (median ${summary[kind].medianRatio})` : ''),
    );
  }
  console.log('\nCPU seconds used in each measured window:');
  for (const row of results) {
    console.log(
      `  ${title(row)} (${row.windowSeconds} s): ${Object.entries(row.cpuSeconds)
        .map(([name, seconds]) => `${name} ${seconds}`)
        .join(', ')}`,
    );
  }
  for (const row of results.filter((r) => r.kind === 'writes')) {
    console.log(
      `views after ${title(row)}: ${row.viewLagAtEnd} events behind when the load stopped, at the head ${row.viewCatchUpMs} ms later`,
    );
  }
  writeResults(OUT, {
    commit,
    database: 'postgres',
    durationSeconds: DURATION,
    warmupSeconds: WARMUP,
    connections: CONNECTIONS,
    pool: POOL,
    rounds: ROUNDS,
    summary,
    results,
  });
} finally {
  for (const server of running) await server.stop();
  await admin.end();
  await databases.dropAll();
  rmSync(folder, { recursive: true, force: true });
}
