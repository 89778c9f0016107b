import { type DynamicModule, Module, type Type } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import type { AppConfig } from '../core/index.js';
import { AdminTokenGuard } from './admin-token.guard.js';
import { ConsoleController } from './console/console.controller.js';
import { GracefulShutdown } from './graceful-shutdown.js';
import { HealthController } from './health.controller.js';
import { LogController } from './log/log.controller.js';
import { AppLogger, LOG_DESTINATION, stdoutDestination } from './logging/app-logger.js';
import { RequestLoggingMiddleware } from './logging/request-logging.middleware.js';
import { AppMetrics } from './metrics/app-metrics.js';
import { BusInstrumentation } from './metrics/bus-instrumentation.js';
import { EventsAppendedCounter } from './metrics/events-appended.counter.js';
import { HttpMetricsMiddleware } from './metrics/http-metrics.middleware.js';
import { MetricsController } from './metrics.controller.js';
import { ProcessorAdminController } from './processor-admin.controller.js';
import { ProjectionsController } from './projections.controller.js';
import { SpanFlush } from './tracing/span-flush.js';

/**
 * What an operator needs: health, metrics, structured logs, the processors' status, rebuild, skip
 * and dead letters, the event log browser and the console. Health and metrics are served in every
 * role; /projections where the processors run (all, projector), because only there can a rebuild
 * pause the live runner, and the console and its /log routes beside it, so that one origin serves
 * everything the console calls.
 */
@Module({})
export class OperationsModule {
  static register(config: AppConfig): DynamicModule {
    const runsProjections = config.role === 'all' || config.role === 'projector';
    const controllers: Type[] = [HealthController, MetricsController];
    if (runsProjections) {
      controllers.push(ProjectionsController, ProcessorAdminController, LogController, ConsoleController);
    }
    return {
      module: OperationsModule,
      imports: [TerminusModule.forRoot({ errorLogStyle: 'json', logger: false })],
      controllers,
      providers: [
        { provide: LOG_DESTINATION, useFactory: stdoutDestination },
        AppLogger,
        RequestLoggingMiddleware,
        AppMetrics,
        BusInstrumentation,
        EventsAppendedCounter,
        HttpMetricsMiddleware,
        AdminTokenGuard,
        GracefulShutdown,
        SpanFlush,
      ],
      exports: [AppLogger, RequestLoggingMiddleware, HttpMetricsMiddleware],
    };
  }
}
