import { type DynamicModule, Module, type Type } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import type { AppConfig } from '../config/app-config.js';
import { InboundDeadLetters, StoredInboundDeadLetters } from './inbound-dead-letters.js';
import { InboundRuntime } from './inbound-runtime.js';
import { IntegrationForwarder } from './integration-forwarder.js';
import type { JetStreamConsumer } from './jetstream-consumer.js';
import { NatsLink } from './nats-link.js';

export interface NatsIntegrationOptions {
  /** The feature modules' inbound consumers (each a JetStreamConsumer) to run. */
  readonly consumers?: readonly Type<JetStreamConsumer>[];
}

/**
 * Other services over NATS JetStream (CONTRACT "v2: other services"): the connection, the forwarder
 * of the feature modules' integration events and the inbound consumers. Without NATS_URL it holds
 * nothing at all: no connection is attempted, and none of them is listed in GET /projections.
 */
@Module({})
export class NatsIntegrationModule {
  static register(config: AppConfig, { consumers = [] }: NatsIntegrationOptions = {}): DynamicModule {
    if (!config.nats) return { module: NatsIntegrationModule };
    return {
      module: NatsIntegrationModule,
      imports: [DiscoveryModule],
      providers: [
        NatsLink,
        IntegrationForwarder,
        { provide: InboundDeadLetters, useClass: StoredInboundDeadLetters },
        InboundRuntime,
        ...consumers,
      ],
      exports: [NatsLink],
    };
  }
}
