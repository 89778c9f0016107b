import { HttpException } from '@nestjs/common';
import type { RecordedRefusal } from './processed-commands.js';

/**
 * A command id that was refused before, met again: the refusal is the answer, replayed as it was
 * first given (to a client: the same status and body; to a saga: the same refusal).
 */
export class RefusedBefore extends HttpException {
  constructor(readonly refusal: RecordedRefusal) {
    super(refusal.body, refusal.status);
  }
}
