import { ExpectedVersionField } from '../../../core/index.js';

export class CancelOrderRequest {
  @ExpectedVersionField()
  expectedVersion?: number;
}
