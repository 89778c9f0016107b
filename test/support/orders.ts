import type { Response } from 'supertest';
import type { Api, CommandResult } from './api.js';

export interface OrderLineBody {
  itemId: string;
  quantity: number;
}

/** Places an order and returns its command result (asserting the 201). */
export async function placeOrder(api: Api, lines: OrderLineBody[], id?: string): Promise<CommandResult> {
  const response = await api.post('/orders', { ...(id ? { id } : {}), lines });
  if (response.status !== 201)
    throw new Error(`place order answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body as CommandResult;
}

/**
 * Reads the order until the saga has settled it (not pending). Never sleeps: each read asks for a
 * position past the one the previous read saw, so the server holds it until the log has moved on
 * (the saga's next step); a saga that stops moving ends in the server's 503s and then the deadline.
 */
export async function settledOrder(
  api: Api,
  id: string,
  after: CommandResult,
  timeoutMs = 20_000,
): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  let minPosition = Number(after.position);
  for (;;) {
    const response = await api.get(`/orders/${id}`, { minPosition });
    if (response.status === 200 && response.body.status !== 'pending') return response;
    if (response.status !== 200 && response.status !== 503) {
      throw new Error(`GET /orders/${id} answered ${response.status}: ${JSON.stringify(response.body)}`);
    }
    if (Date.now() > deadline) throw new Error(`Order ${id} is still pending after ${timeoutMs} ms`);
    if (response.status === 200) minPosition = Number(response.headers['x-read-position']) + 1;
  }
}

/**
 * The item's details once `done` holds for them, reading past `after` and then, like settledOrder,
 * one position past each read: for effects of a saga, whose positions the client does not know.
 */
export async function itemWhen(
  api: Api,
  id: string,
  after: string | number,
  done: (item: { currentCount: number; version: number }) => boolean,
  timeoutMs = 20_000,
) {
  const deadline = Date.now() + timeoutMs;
  let minPosition = Number(after);
  for (;;) {
    const response = await api.get(`/inventory-items/${id}`, { minPosition });
    if (response.status === 200 && done(response.body)) {
      return {
        ...(response.body as { currentCount: number; version: number }),
        readPosition: String(response.headers['x-read-position']),
      };
    }
    if (response.status !== 200 && response.status !== 503) {
      throw new Error(`GET item answered ${response.status}: ${JSON.stringify(response.body)}`);
    }
    if (Date.now() > deadline)
      throw new Error(`Item ${id} did not reach the expected state in ${timeoutMs} ms`);
    if (response.status === 200) minPosition = Number(response.headers['x-read-position']) + 1;
  }
}

/** The item's details once the views have passed `position`. */
export async function itemAt(api: Api, id: string, position: string | number) {
  const response = await api.get(`/inventory-items/${id}`, { minPosition: String(position) });
  if (response.status !== 200)
    throw new Error(`GET item answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body as { currentCount: number; version: number; active: boolean };
}
