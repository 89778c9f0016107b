import type { IncomingMessage, ServerResponse } from 'node:http';
import { Injectable } from '@nestjs/common';
import { AppMetrics } from './app-metrics.js';

interface RoutedRequest extends IncomingMessage {
  baseUrl?: string;
  route?: { path?: string };
}

/**
 * Counts and times every HTTP answer by method, route pattern (`/inventory-items/:id`, never the
 * concrete path, so ids do not explode the series) and status; unmatched paths share one label.
 */
@Injectable()
export class HttpMetricsMiddleware {
  constructor(private readonly metrics: AppMetrics) {}

  /** As Express middleware (`app.use`): the route is Express's, once it has routed the request. */
  readonly use = (request: RoutedRequest, response: ServerResponse, next: () => void): void => {
    this.observe(request, response, () =>
      request.route?.path ? `${request.baseUrl ?? ''}${request.route.path}` : undefined,
    );
    next();
  };

  /** Counts the answer to `request` when it is sent; `routeOf` tells its route pattern then, if any. */
  observe(request: IncomingMessage, response: ServerResponse, routeOf: () => string | undefined): void {
    const started = process.hrtime.bigint();
    response.once('finish', () => {
      const labels = {
        method: request.method ?? 'GET',
        route: routeOf() ?? 'unmatched',
        status: String(response.statusCode),
      };
      this.metrics.httpRequests.inc(labels);
      this.metrics.httpDuration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
    });
  }
}
