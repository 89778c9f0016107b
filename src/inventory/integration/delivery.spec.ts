import { parseDelivery } from './delivery.js';

const ok = {
  deliveryId: '3b6c1d2e-4f5a-4b6c-8d7e-9f0a1b2c3d4e',
  itemId: '6f1c7a0e-1d2b-4c3d-8e9f-0a1b2c3d4e5f',
  count: 5,
};

describe('parseDelivery', () => {
  it('reads a delivery as the contract shapes it', () => {
    expect(parseDelivery(ok)).toEqual(ok);
  });

  it.each([
    [null, /JSON object/],
    [[ok], /JSON object/],
    [{ ...ok, extra: 1 }, /unknown field "extra"/],
    [{ ...ok, deliveryId: 'd-1' }, /deliveryId must be a UUID/],
    [{ ...ok, itemId: undefined }, /itemId must be a UUID/],
    [{ ...ok, count: '5' }, /count must be an integer/],
    [{ ...ok, count: 0 }, /count must be an integer from 1/],
    [{ ...ok, count: 1.5 }, /count must be an integer/],
    [{ ...ok, count: 1_000_000_001 }, /count must be an integer from 1 to 1,000,000,000/],
  ])('says what is wrong with %j', (body, reason) => {
    expect(parseDelivery(body)).toMatch(reason);
  });
});
