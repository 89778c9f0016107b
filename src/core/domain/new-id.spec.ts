import { isUUID } from 'class-validator';
import { newId } from './new-id.js';

/** The 48-bit time of a version 7 UUID, as hex digits. */
const timeOf = (id: string) => id.slice(0, 8) + id.slice(9, 13);

describe('newId', () => {
  it('makes distinct UUIDs of version 7 that sort by the time they were made', async () => {
    const ids: string[] = [];
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < 500; i++) ids.push(newId());
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    expect(ids.every((id) => isUUID(id, 7))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    const times = ids.map(timeOf);
    expect([...times].sort()).toEqual(times);
    expect(new Set(times).size).toBeGreaterThan(4);
  });
});
