/** A runner found its projection's checkpoint where it had not left it: another runner moved it. */
export class CheckpointMoved extends Error {
  constructor(readonly position: number) {
    super(`The checkpoint was moved to ${position} by another runner`);
  }
}
