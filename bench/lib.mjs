// Helpers of the benchmark: child servers, HTTP calls, autocannon runs, percentiles, peak RSS.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { dirname } from 'node:path';
import autocannon from 'autocannon';

export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts a Node process serving HTTP and resolves once `readyPath` answers 2xx. */
export async function startServer(script, env, readyPath) {
  const port = await freePort();
  const child = spawn(process.execPath, [script], {
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${script} exited with ${child.exitCode}`);
    try {
      const response = await fetch(base + readyPath);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${script} did not start`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    base,
    pid: child.pid,
    /** Peak resident set size in MiB (VmHWM), read from /proc. */
    peakRssMiB() {
      try {
        const line = readFileSync(`/proc/${child.pid}/status`, 'utf8')
          .split('\n')
          .find((l) => l.startsWith('VmHWM'));
        return Math.round(Number(line.split(/\s+/)[1]) / 1024);
      } catch {
        return null;
      }
    },
    /** SIGTERM, as an orchestrator would; SIGKILL (and a warning) if it is not gone within 30 s. */
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => {
        console.error(`warning: ${script} did not exit within 30 s of SIGTERM; killing it`);
        child.kill('SIGKILL');
      }, 30_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export async function call(base, method, path, body) {
  const response = await fetch(base + path, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return JSON.parse(text);
}

/** Runs autocannon as fast as the server answers; `requests` as autocannon takes them. Returns its result. */
export function load(base, { connections = 32, duration, requests, amount }) {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      { url: base, connections, duration, amount, requests, timeout: 30 },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    instance.on('error', reject);
  });
}

/**
 * Sends `rate` requests a second, evenly spaced, for `duration` seconds, whatever the answers take
 * (an open loop, at most `connections` at once; more wait their turn). autocannon's `overallRate`
 * does not: each of its connections sends its quota for the second back to back as the second starts
 * and then idles, so "600/s" was a burst at full speed for part of every second.
 * `make()` gives each request: { method, path, body }. Answers how many were sent, answered (non2xx
 * among them) and failed without an answer (errors).
 */
export async function steadyLoad(base, { rate, duration, connections = 32, make }) {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const { hostname, port } = new URL(base);
  const result = { sent: 0, answered: 0, non2xx: 0, errors: 0 };
  const send = () => {
    const { method, path, body } = make();
    const payload = body === undefined ? undefined : JSON.stringify(body);
    result.sent += 1;
    return new Promise((resolve) => {
      const request = httpRequest(
        {
          agent,
          hostname,
          port,
          method,
          path,
          headers: payload
            ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
            : {},
        },
        (response) => {
          response.resume();
          response.on('end', () => {
            result.answered += 1;
            if (response.statusCode < 200 || response.statusCode >= 300) result.non2xx += 1;
            resolve();
          });
        },
      );
      request.on('error', () => {
        result.errors += 1;
        resolve();
      });
      request.end(payload);
    });
  };
  const inFlight = new Set();
  const started = performance.now();
  const end = started + duration * 1000;
  for (let now = started; now < end; now = performance.now()) {
    const due = Math.floor(((now - started) * rate) / 1000) - result.sent;
    for (let i = 0; i < due; i++) {
      const answered = send();
      inFlight.add(answered);
      void answered.then(() => inFlight.delete(answered));
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await Promise.all(inFlight);
  agent.destroy();
  return result;
}

export function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** The HTTP adapter the application runs on: Fastify once it is one of its dependencies. */
export function applicationAdapter(packageJson) {
  return packageJson.dependencies?.['@nestjs/platform-fastify'] ? 'fastify' : 'express';
}

/**
 * Fresh PostgreSQL databases for one run, on the server of `databaseUrl`: `create(name)` answers
 * the URL of a new database, `dropAll()` drops every one created.
 */
export async function postgresDatabases(databaseUrl) {
  const { default: pg } = await import('pg');
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  const created = [];
  const stamp = `${Date.now()}_${process.pid}`;
  return {
    async create(name) {
      const database = `bench_${stamp}_${name}`;
      await admin.query(`CREATE DATABASE ${database}`);
      created.push(database);
      const url = new URL(databaseUrl);
      url.pathname = `/${database}`;
      return url.toString();
    },
    async dropAll() {
      for (const database of created) {
        await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch((error) => {
          console.error(`could not drop ${database}: ${error.message}`);
        });
      }
      await admin.end();
    },
  };
}

/** Writes a run's results as JSON to `path` (its folder made if needed), stamped with the time. */
export function writeResults(path, results) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify({ when: new Date().toISOString(), ...results }, null, 2));
  console.log(`results: ${path}`);
}

/** An autocannon request that POSTs `body` as JSON to `path`. */
export const post = (path, body) => ({
  method: 'POST',
  path,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/** An autocannon request made anew for every call (`make` returns its path, body...). */
export const dynamic = (make) => ({ setupRequest: (request) => ({ ...request, ...make() }) });
