/**
 * What every command answers: the aggregate's id, its version after the command, and the global
 * log position of the last event written, as a decimal string so that a 64-bit position survives JSON.
 */
export interface CommandResult {
  readonly id: string;
  readonly version: number;
  readonly position: string;
}
