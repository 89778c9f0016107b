import { hostname } from 'node:os';

/** A consumer of the log that must run in one process at a time (a projection, the relay). */
export interface LeaseHolder {
  /** This process has won the lease: start consuming (from the stored checkpoint). */
  acquired(): Promise<void>;
  /** This process has lost the lease (its database session died): stop at once. */
  lost(): Promise<void>;
}

/**
 * Elects one active runner per consumer name across every process of a deployment. Each process
 * that may run a consumer calls `hold(name, …)`; the winner gets `acquired()`, the others keep
 * trying and one of them takes over within about one retry interval after the winner dies.
 * Any consumer can use it by name; names share one space, so prefix them by kind if they may clash
 * ("projection:orders", "relay").
 */
export abstract class ProjectorLease {
  /** Competes for `name` from now until `releaseAll`; resolves after the first attempt. */
  abstract hold(name: string, holder: LeaseHolder): Promise<void>;

  /** Whether this process holds `name` now. */
  abstract holds(name: string): boolean;

  /** Gives every lease back and stops competing (shutdown, after the consumers have stopped). */
  abstract releaseAll(): Promise<void>;

  /**
   * Which process holds each of `names` now, as it names itself (`cqrs-<role> <host>:<pid>`), in any
   * process of the deployment; a name nobody holds is absent. For operators (GET /projections).
   */
  abstract holders(names: readonly string[]): Promise<Map<string, string>>;
}

/** The lease of one processor: one name space for every kind ("projection:orders", "reactor:event-bus"). */
export const leaseNameOf = (kind: string, name: string): string => `${kind}:${name}`;

/** How a process names itself to operators and in its database sessions: `cqrs-<role> <host>:<pid>`. */
export function processIdentity(role: string, host = hostname(), pid = process.pid): string {
  // PostgreSQL keeps 63 bytes of an application_name: the host gives way, the pid stays.
  const tail = `:${pid}`;
  const head = `cqrs-${role} `;
  return `${head}${host.slice(0, Math.max(0, 63 - head.length - tail.length))}${tail}`;
}
