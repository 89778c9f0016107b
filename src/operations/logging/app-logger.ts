import { Inject, Injectable, type LoggerService } from '@nestjs/common';
import { context as otelContext, isSpanContextValid, trace } from '@opentelemetry/api';
import { pino, type DestinationStream, type Level, type Logger } from 'pino';
import { APP_CONFIG, type AppConfig, CommandContext } from '../../core/index.js';

/** Where the JSON lines go: stdout (written synchronously, so nothing is lost at exit) unless overridden. */
export const LOG_DESTINATION = Symbol('LOG_DESTINATION');

// Typed as the interface pino takes: the inferred SonicBoom type is not portable (declaration emit).
export const stdoutDestination = (): DestinationStream => pino.destination({ dest: 1, sync: true });

type NestLevel = 'log' | 'error' | 'warn' | 'debug' | 'verbose' | 'fatal';

const PINO_LEVEL: Record<NestLevel, Level> = {
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};

function commandFields(): Record<string, string> {
  const command = CommandContext.active();
  if (!command) return {};
  const { requestId, correlationId, commandId } = command;
  return requestId ? { requestId, correlationId, commandId } : { correlationId, commandId };
}

/** Adds the span active where the line is written (OpenTelemetry's log fields); none with tracing off. */
function withTraceFields(fields: Record<string, string>): Record<string, string> {
  const span = trace.getSpanContext(otelContext.active());
  if (!span || !isSpanContextValid(span)) return fields;
  fields.trace_id = span.traceId;
  fields.span_id = span.spanId;
  fields.trace_flags = (span.traceFlags & 0xff).toString(16).padStart(2, '0');
  return fields;
}

/**
 * Nest's logger as structured JSON lines through pino, at LOG_LEVEL. Every line written while a
 * request or a command is being served carries its request id, correlation id and command id, so
 * one user action can be followed through commands, events and projections; with tracing on, also
 * the `trace_id` and `span_id` of the span it was written in.
 */
@Injectable()
export class AppLogger implements LoggerService {
  readonly pino: Logger;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(LOG_DESTINATION) destination: DestinationStream,
  ) {
    const options = {
      level: config.logLevel,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: ['req.headers.authorization', 'req.headers.cookie'],
      mixin: () => withTraceFields(commandFields()),
    };
    this.pino = pino(options, destination);
  }

  log(message: unknown, ...params: unknown[]): void {
    this.write('log', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('verbose', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  /**
   * Nest passes (message, ...extra, context); for errors the extra is a stack. A plain object after a
   * string message holds the line's fields: `logger.debug('event projected', { position })` is one
   * structured line here, and one line in Nest's console logger too (a host application's).
   */
  private write(level: NestLevel, message: unknown, params: unknown[]): void {
    const pinoLevel = PINO_LEVEL[level];
    if (!this.pino.isLevelEnabled(pinoLevel)) return;
    const rest = [...params];
    const context = rest.length > 0 && typeof rest[rest.length - 1] === 'string' ? rest.pop() : undefined;
    const fields: Record<string, unknown> = context ? { context } : {};
    if (level === 'error' && typeof rest[0] === 'string') fields.stack = rest[0];
    for (const param of rest) if (isPlainObject(param)) Object.assign(fields, param);
    if (message instanceof Error) {
      this.pino[pinoLevel]({ ...fields, err: message }, message.message);
    } else if (typeof message === 'object' && message !== null) {
      const { msg, ...data } = message as { msg?: unknown };
      this.pino[pinoLevel]({ ...fields, ...data }, typeof msg === 'string' ? msg : '');
    } else {
      this.pino[pinoLevel](fields, String(message));
    }
  }
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
