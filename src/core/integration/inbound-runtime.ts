import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { ProjectorLease } from '../projections/projector-lease.js';
import { InboundDeadLetters } from './inbound-dead-letters.js';
import { NatsLink } from './nats-link.js';

/** What every JetStreamConsumer needs from the core, in one parameter for its subclasses. */
@Injectable()
export class InboundRuntime {
  constructor(
    readonly link: NatsLink,
    readonly lease: ProjectorLease,
    readonly deadLetters: InboundDeadLetters,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Inbound consumers run where the processors run. */
  get runsProcessors(): boolean {
    return this.config.role === 'all' || this.config.role === 'projector';
  }
}
