import { type LeaseHolder, processIdentity, ProjectorLease } from './projector-lease.js';

/**
 * The lease on embedded SQLite, where the one process that may write is the only runner there is
 * (every role but `all` needs PostgreSQL): every lease is won at once, and never lost.
 */
export class SingleProcessLease extends ProjectorLease {
  private readonly held = new Set<string>();

  /** `identity`: how this process names itself (processIdentity; on SQLite the role is `all`). */
  constructor(private readonly identity = processIdentity('all')) {
    super();
  }

  async hold(name: string, holder: LeaseHolder): Promise<void> {
    this.held.add(name);
    await holder.acquired();
  }

  holds(name: string): boolean {
    return this.held.has(name);
  }

  async releaseAll(): Promise<void> {
    this.held.clear();
  }

  async holders(names: readonly string[]): Promise<Map<string, string>> {
    return new Map(names.filter((name) => this.held.has(name)).map((name) => [name, this.identity]));
  }
}
