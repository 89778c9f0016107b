/** Where the application meets other services: a NATS server with JetStream (CONTRACT "v2: other services"). */
export interface NatsConfig {
  /** NATS_URL: one server URL or a comma-separated list of them. */
  readonly servers: readonly string[];
  /** NATS_STREAM: the JetStream stream the integration events go to, created if missing. */
  readonly stream: string;
}

/** What a NATS server URL may look like: the client's schemes, or a bare host:port. */
const SERVER = /^(?:(?:nats|tls|ws|wss):\/\/)?[^\s,/]+(?::\d+)?\/?$/;
/** JetStream refuses stream names with whitespace, `.`, `*`, `>`, path separators. */
const STREAM_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * NATS_URL unset or empty: undefined, and nothing of the integration runs (no connection, no
 * forwarder, no consumer). An invalid value stops the start with a message naming the variable.
 */
export function natsConfig(env: NodeJS.ProcessEnv, fail: (message: string) => Error): NatsConfig | undefined {
  const url = env.NATS_URL?.trim();
  const streamRaw = env.NATS_STREAM?.trim() || 'INTEGRATION';
  if (!STREAM_NAME.test(streamRaw))
    throw fail(`NATS_STREAM must be 1 to 64 letters, digits, "-" or "_", got "${streamRaw}"`);
  if (!url) return undefined;
  const servers = url.split(',').map((server) => server.trim());
  const bad = servers.find((server) => !SERVER.test(server));
  if (bad !== undefined)
    throw fail(
      `NATS_URL must be nats://host:port (or a comma-separated list), got "${bad.replace(/\/\/[^@/]*@/, '//***@')}"`,
    );
  return { servers, stream: streamRaw };
}
