import type { JsMsg } from '@nats-io/jetstream';
import type { DeadLetter } from '../processors/processor.js';

/** One message a JetStreamConsumer received, as its handler sees it (no NATS types). */
export interface InboundMessage {
  readonly subject: string;
  /** Its sequence number in the stream: the consumer's position, and its dead letter's. */
  readonly sequence: number;
  /** How often it has been delivered, this time included. */
  readonly deliveryCount: number;
  /** The body parsed as JSON; undefined when it is not JSON (the consumer refuses it first). */
  readonly body: unknown;
}

/**
 * What a handler made of a message: done (acknowledged), or refused (terminated: never delivered
 * again, logged, recorded as a dead letter under `id`). A handler that throws has met an outage or a
 * fault that may pass: the message is delivered again after a while.
 */
export type InboundOutcome =
  | { readonly done: true }
  | {
      readonly done: false;
      /** Why, for the log and the dead letter. */
      readonly reason: string;
      /** The dead letter's `eventId`: what the sender knows the message by (its id), if anything. */
      readonly id?: string;
      /** The dead letter's `streamId`: the aggregate it was about, if known. */
      readonly about?: string;
    };

export const DONE: InboundOutcome = { done: true };

export function refused(reason: string, id?: string, about?: string): InboundOutcome {
  return { done: false, reason, id, about };
}

/** The body as JSON, or undefined when it is not JSON. */
export function parseJson(message: JsMsg): unknown {
  try {
    return message.json<unknown>();
  } catch {
    return undefined;
  }
}

/** The dead letter of a refused message, in the shape every processor's dead letters have. */
export function deadLetterOf(
  consumer: string,
  message: InboundMessage,
  outcome: Extract<InboundOutcome, { done: false }>,
): DeadLetter {
  return {
    processor: consumer,
    position: message.sequence,
    eventId: (outcome.id ?? `${message.subject}:${message.sequence}`).slice(0, 100),
    type: message.subject,
    streamId: (outcome.about ?? '').slice(0, 200),
    error: outcome.reason,
    deadAt: new Date().toISOString(),
  };
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
