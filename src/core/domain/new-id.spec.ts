import { isUUID } from 'class-validator';
import { newId } from './new-id.js';

describe('newId', () => {
  it('makes UUIDs that sort in the order they were made', () => {
    const ids = Array.from({ length: 2_000 }, () => newId());
    expect(ids.every((id) => isUUID(id, 'all'))).toBe(true);
    expect(ids.every((id) => id[14] === '7')).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });
});
