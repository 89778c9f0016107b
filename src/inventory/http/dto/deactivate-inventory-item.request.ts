import { ExpectedVersionField } from '../../../core/index.js';

export class DeactivateInventoryItemRequest {
  @ExpectedVersionField()
  expectedVersion?: number;
}
