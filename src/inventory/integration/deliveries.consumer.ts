import { Injectable } from '@nestjs/common';
import {
  CausedCommands,
  DomainError,
  DONE,
  InboundRuntime,
  type InboundMessage,
  type InboundOutcome,
  JetStreamConsumer,
  refused,
} from '../../core/index.js';
import { CheckInItemsCommand } from '../commands/check-in-items.command.js';
import { DELIVERY_CONTRACT, parseDelivery } from './delivery.js';

/**
 * Checks in the deliveries other services report on `inbound.inventory.deliveries`, exactly once
 * per `deliveryId`: the check-in's command id is `delivery:<deliveryId>`, which the write side
 * records with the command, so a delivery published twice, or delivered again after a crash, answers
 * its first outcome and checks nothing in a second time. A malformed delivery, or one the item
 * refuses (unknown, deactivated, over its maximum), is terminated and set aside as a dead letter.
 */
@Injectable()
export class DeliveriesConsumer extends JetStreamConsumer {
  readonly name = 'inventory-deliveries';
  readonly subject = DELIVERY_CONTRACT.subject;

  constructor(
    runtime: InboundRuntime,
    private readonly commands: CausedCommands,
  ) {
    super(runtime);
  }

  protected async handle({ body }: InboundMessage): Promise<InboundOutcome> {
    const delivery = parseDelivery(body);
    if (typeof delivery === 'string') return refused(`malformed delivery: ${delivery}`, idOf(body));
    const { deliveryId, itemId, count } = delivery;
    const origin = {
      commandId: `delivery:${deliveryId}`,
      correlationId: deliveryId,
      causationId: deliveryId,
    };
    try {
      const outcome = await this.commands.sendAs(origin, new CheckInItemsCommand(itemId, count));
      return outcome.accepted ? DONE : refused(`${outcome.code}: ${outcome.message}`, deliveryId, itemId);
    } catch (error) {
      // The same deliveryId with another item or count: the first one stands.
      if (error instanceof DomainError && error.category === 'idempotency-mismatch')
        return refused(
          `${error.code}: delivery ${deliveryId} was checked in before with another item or count`,
          deliveryId,
          itemId,
        );
      throw error;
    }
  }
}

/** The deliveryId of a malformed delivery, when it has a usable one, for its dead letter. */
function idOf(body: unknown): string | undefined {
  const id = (body as { deliveryId?: unknown } | null)?.deliveryId;
  return typeof id === 'string' && id.length <= 100 ? id : undefined;
}
