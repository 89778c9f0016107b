/** The public face of the operations module: the module, and what configureApp wires into HTTP. */
export { OperationsModule } from './operations.module.js';
/** Nest's LoggerService as JSON lines through pino; `LOG_DESTINATION` redirects them (tests). */
export { AppLogger, LOG_DESTINATION, stdoutDestination } from './logging/app-logger.js';
/** Logs each HTTP request with its request and correlation ids. */
export { RequestLoggingMiddleware } from './logging/request-logging.middleware.js';
/** Counts and times HTTP requests by route and status. */
export { HttpMetricsMiddleware } from './metrics/http-metrics.middleware.js';
/** Admin routes: `Authorization: Bearer <ADMIN_TOKEN>` (401 without, 403 with a wrong one). */
export { AdminTokenGuard } from './admin-token.guard.js';
/** The application's Prometheus registry and metrics. */
export { AppMetrics } from './metrics/app-metrics.js';
/** Starts the OpenTelemetry SDK when OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT is set; main.ts calls it first. */
export { startTracing, tracingEnabled, type StopTracing } from './tracing/start-tracing.js';
