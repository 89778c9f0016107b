import { Column, Entity, PrimaryColumn, type ValueTransformer } from 'typeorm';
import type { OrderLine, OrderStatus } from '../domain/order-line.js';

/** Lines are fixed when the order is placed and only ever read whole, so they live in one column. */
const json: ValueTransformer = {
  to: (value: unknown) => JSON.stringify(value),
  from: (value: string) => JSON.parse(value) as unknown,
};

/** The write-model row of an order: its state and the version of that state. */
@Entity('orders')
export class OrderEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 20 })
  status: OrderStatus;

  @Column({ type: 'text', transformer: json })
  lines: OrderLine[];

  @Column({ name: 'rejection_reason', type: 'text', nullable: true })
  rejectionReason: string | null;

  /** The order's version: the number of events in its stream, checked on every update. */
  @Column({ type: 'integer' })
  version: number;
}
