import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** Stops the SDK after flushing the spans it still holds. */
export type StopTracing = () => Promise<void>;

/**
 * Tracing is on when an OTLP endpoint is configured (and the SDK not disabled): everything else
 * about it (protocol, sampler, propagators, resource, batch sizes, headers) is the SDK's own
 * reading of the standard OTEL_* variables.
 */
export function tracingEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT;
  return Boolean(endpoint) && env.OTEL_SDK_DISABLED?.trim().toLowerCase() !== 'true';
}

/** The service name when neither OTEL_SERVICE_NAME nor OTEL_RESOURCE_ATTRIBUTES gives one: the package's. */
function defaultServiceName(env: NodeJS.ProcessEnv): string | undefined {
  if (env.OTEL_SERVICE_NAME || /(^|,)\s*service\.name\s*=/.test(env.OTEL_RESOURCE_ATTRIBUTES ?? '')) {
    return undefined;
  }
  const manifest = new URL('../../../package.json', import.meta.url);
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { name: string }).name;
}

/**
 * Starts the OpenTelemetry SDK for Node when the environment asks for tracing, before the
 * application is created: spans of HTTP requests come from @opentelemetry/instrumentation-http
 * (whatever the Nest adapter: it instruments Node's own server) and spans of PostgreSQL queries from
 * @opentelemetry/instrumentation-pg; the core adds its own through @opentelemetry/api. With tracing
 * off nothing is loaded and the API stays a no-op. Metrics and logs keep their own channels
 * (Prometheus, JSON lines) unless OTEL_METRICS_EXPORTER / OTEL_LOGS_EXPORTER say otherwise.
 */
export async function startTracing(env: NodeJS.ProcessEnv = process.env): Promise<StopTracing | undefined> {
  if (!tracingEnabled(env)) return undefined;
  const [{ NodeSDK }, { HttpInstrumentation }, { PgInstrumentation }] = await Promise.all([
    import('@opentelemetry/sdk-node'),
    import('@opentelemetry/instrumentation-http'),
    import('@opentelemetry/instrumentation-pg'),
  ]);
  const sdk = new NodeSDK({
    serviceName: defaultServiceName(env),
    instrumentations: [new HttpInstrumentation(), new PgInstrumentation()],
    ...(env.OTEL_METRICS_EXPORTER ? {} : { metricReaders: [] }),
    ...(env.OTEL_LOGS_EXPORTER ? {} : { logRecordProcessors: [] }),
  });
  sdk.start();
  // The instrumentations patch a module when it is next required; an ESM application may have
  // loaded Node's http already (through an import), so require it once now: the patches apply to
  // the shared module object and Server.prototype, which every later server uses.
  const require = createRequire(import.meta.url);
  require('node:http');
  require('node:https');
  return () => sdk.shutdown();
}
