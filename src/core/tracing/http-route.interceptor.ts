import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants.js';
import { trace } from '@opentelemetry/api';
import type { Observable } from 'rxjs';

const routes = new WeakMap<object, string>();

function joinPaths(...paths: unknown[]): string {
  const parts = paths
    .map((path) => (Array.isArray(path) ? path[0] : path))
    .filter((path): path is string => typeof path === 'string')
    .flatMap((path) => path.split('/'))
    .filter(Boolean);
  return `/${parts.join('/')}`;
}

/**
 * Names the HTTP server span (from @opentelemetry/instrumentation-http, which sees only the method)
 * after the route Nest matched, `POST /inventory-items/:id/check-in`, and sets `http.route`: from
 * Nest's own route metadata, so it works on any HTTP adapter (Express or Fastify) without the
 * adapter's instrumentation.
 */
@Injectable()
export class HttpRouteInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const span = trace.getActiveSpan();
    if (!span?.isRecording() || context.getType() !== 'http') return next.handle();
    const handler = context.getHandler();
    let route = routes.get(handler);
    if (route === undefined) {
      route = joinPaths(
        Reflect.getMetadata(PATH_METADATA, context.getClass()),
        Reflect.getMetadata(PATH_METADATA, handler),
      );
      routes.set(handler, route);
    }
    const { method } = context.switchToHttp().getRequest<{ method: string }>();
    span.setAttribute('http.route', route);
    span.updateName(`${method} ${route}`);
    return next.handle();
  }
}
