import { type BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ProcessorSupervisor } from '../core/index.js';

/**
 * The order of a graceful shutdown (SIGTERM, or app.close()), before any store closes: stop taking
 * requests and let those in flight finish, then stop the processors after their batch in flight,
 * whose checkpoint is saved. Nest then closes the stores, and main exits 0.
 */
@Injectable()
export class GracefulShutdown implements BeforeApplicationShutdown {
  private readonly logger = new Logger(GracefulShutdown.name);

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly processors: ProcessorSupervisor,
  ) {}

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    if (signal) this.logger.log(`${signal} received: finishing the requests in flight`);
    // Resolves once every open request has been answered; Nest's own close later is a no-op.
    await this.adapterHost.httpAdapter?.close();
    await this.processors.stop();
    if (signal) this.logger.log('Requests finished and checkpoints saved; closing the stores');
  }
}
