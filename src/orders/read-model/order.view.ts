import { Column, Entity, Index, PrimaryColumn, type ValueTransformer } from 'typeorm';
import { bigintAsNumber } from '../../core/index.js';
import type { OrderLine, OrderStatus } from '../domain/order-line.js';

const json: ValueTransformer = {
  to: (value: unknown) => JSON.stringify(value),
  from: (value: string) => JSON.parse(value) as unknown,
};

/** One order as GET /orders/:id shows it; the list reads the same rows, by status, in placing order. */
@Entity('order_views')
@Index('ix_order_views_status_placed', ['status', 'placedPosition'])
@Index('ix_order_views_placed', ['placedPosition'])
export class OrderView {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 20 })
  status: OrderStatus;

  @Column({ type: 'text', transformer: json })
  lines: OrderLine[];

  @Column({ name: 'rejection_reason', type: 'text', nullable: true })
  rejectionReason: string | null;

  @Column({ type: 'integer' })
  version: number;

  /** Log position of OrderPlaced: the list's order, oldest first. */
  @Column({ name: 'placed_position', type: 'bigint', transformer: bigintAsNumber })
  placedPosition: number;
}
