import type { Server } from 'node:http';
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
    // Resolves once every open request has been answered; Nest's own close later is a no-op. The
    // server closes the keep-alive connections that are idle when the close begins; one whose
    // request was in flight then would stay open until its keep-alive timeout (72 s on Fastify),
    // so the ones that fall idle meanwhile are closed as they do.
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    const idle = setInterval(() => server?.closeIdleConnections?.(), 20);
    try {
      await this.adapterHost.httpAdapter?.close();
    } finally {
      clearInterval(idle);
    }
    await this.processors.stop();
    if (signal) this.logger.log('Requests finished and checkpoints saved; closing the stores');
  }
}
