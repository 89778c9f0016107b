import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';

export interface CommandResult {
  id: string;
  version: number;
  position: string;
}

/** A small typed client over the contract's routes; every call returns supertest's response. */
export class Api {
  constructor(private readonly app: INestApplication) {}

  get http() {
    return request(this.app.getHttpServer());
  }

  post(path: string, body: unknown = {}, headers: Record<string, string> = {}) {
    return this.http
      .post(path)
      .set(headers)
      .send(body as object);
  }

  get(path: string, query: Record<string, string | number> = {}) {
    return this.http.get(path).query(query);
  }

  /** Creates an item and returns its command result (asserting the 201). */
  async createItem(
    body: { id?: string; name?: string; maxQty?: number | null } = {},
  ): Promise<CommandResult> {
    const response = await this.post('/inventory-items', { name: 'Widget', ...body });
    if (response.status !== 201)
      throw new Error(`create answered ${response.status}: ${JSON.stringify(response.body)}`);
    return response.body as CommandResult;
  }

  async checkIn(id: string, count: number): Promise<CommandResult> {
    const response = await this.post(`/inventory-items/${id}/check-in`, { count });
    if (response.status !== 200)
      throw new Error(`check-in answered ${response.status}: ${JSON.stringify(response.body)}`);
    return response.body as CommandResult;
  }

  /** Reads an item once the views have caught up with `after` (a command result). */
  item(id: string, after?: CommandResult) {
    return this.get(`/inventory-items/${id}`, after ? { minPosition: after.position } : {});
  }
}

export const newId = () => randomUUID();
