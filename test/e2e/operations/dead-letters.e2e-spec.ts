import { Api, type CommandResult } from '../../support/api.js';
import {
  PICKY_PROJECTION,
  PICKY_REACTOR,
  PickyProcessorsModule,
  Refusals,
} from '../../support/picky-processors.module.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

const TOKEN = 'dead-letters-test-token';
const ADMIN = { Authorization: `Bearer ${TOKEN}` };

interface ProcessorState {
  name: string;
  kind: string;
  position: string;
  status: string;
  lastError: string | null;
  failedPosition: string | null;
  deadLetters: number;
}

/** CONTRACT v2 "processors and dead letters": skip, dead-letters and retry, one test per row. */
describe('POST /projections/:name/skip, GET …/dead-letters, POST …/dead-letters/:position/retry', () => {
  const refusals = new Refusals();
  let testApp: TestApp;
  let api: Api;
  let itemId: string;

  const stateOf = async (name: string): Promise<ProcessorState> => {
    const response = await api.get('/projections');
    expect(response.status).toBe(200);
    return (response.body as ProcessorState[]).find((state) => state.name === name)!;
  };
  /** Polls GET /projections (a failure has no position to wait for). */
  const until = async (name: string, done: (state: ProcessorState) => boolean) => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const state = await stateOf(name);
      if (done(state)) return state;
      if (Date.now() > deadline) throw new Error(`${name} stayed ${JSON.stringify(state)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const failedAt = (name: string, at: CommandResult) =>
    until(name, (state) => state.status === 'failed' && state.failedPosition === at.position);
  const past = (name: string, at: CommandResult) =>
    until(name, (state) => state.status === 'running' && Number(state.position) >= Number(at.position));
  const skip = (name: string, position: unknown, headers: Record<string, string> = ADMIN) =>
    api.post(`/projections/${name}/skip`, { position }, headers);
  const deadLetters = (name: string, headers: Record<string, string> = ADMIN) =>
    api.http.get(`/projections/${name}/dead-letters`).set(headers);
  const retry = (name: string, position: string, headers: Record<string, string> = ADMIN) =>
    api.post(`/projections/${name}/dead-letters/${position}/retry`, {}, headers);

  /** A check-in that the picky processors named refuse, and the one after it. */
  async function poison(
    count: number,
    refusedBy: Array<Set<number>>,
  ): Promise<{ bad: CommandResult; next: CommandResult }> {
    for (const refused of refusedBy) refused.add(count);
    const bad = await api.checkIn(itemId, count);
    const next = await api.checkIn(itemId, 1);
    return { bad, next };
  }

  beforeAll(async () => {
    testApp = await createTestApp({ adminToken: TOKEN, imports: [PickyProcessorsModule.register(refusals)] });
    api = new Api(testApp.app);
    itemId = (await api.createItem()).id;
  });
  afterAll(() => testApp.close());

  it('skip: 202 when the processor is failed at exactly that position; it resumes after it, with a dead letter', async () => {
    const { bad, next } = await poison(701, [refusals.reactor]);
    const failed = await failedAt(PICKY_REACTOR, bad);
    expect(failed).toMatchObject({
      kind: 'reactor',
      lastError: `ItemsCheckedIn at position ${bad.position}: refuses a check-in of 701`,
      deadLetters: 0,
    });
    expect(Number(failed.position)).toBeLessThan(Number(bad.position));
    // The other processors went on meanwhile.
    expect((await api.item(itemId, next)).body.currentCount).toBeGreaterThanOrEqual(702);

    const skipped = await skip(PICKY_REACTOR, bad.position);
    expect(skipped.status).toBe(202);
    expect(skipped.body).toEqual({ name: PICKY_REACTOR, position: bad.position });
    const resumed = await past(PICKY_REACTOR, next);
    expect(resumed).toMatchObject({ lastError: null, failedPosition: null, deadLetters: 1 });
    expect(refusals.handled).toContain(Number(next.position));
    expect(refusals.handled).not.toContain(Number(bad.position));
    const metrics = await api.get('/metrics');
    expect(metrics.text).toContain(`cqrs_processor_dead_letters{processor="${PICKY_REACTOR}"} 1`);
  });

  it('skip: 409 when the processor is not failed, or failed at another position', async () => {
    const running = await skip('inventory-list', '1');
    expect(running.status).toBe(409);
    expect(running.body).toMatchObject({ code: 'PROCESSOR_NOT_FAILED_THERE' });
    const { bad, next } = await poison(702, [refusals.reactor, refusals.projection]);
    await failedAt(PICKY_PROJECTION, bad);
    const elsewhere = await skip(PICKY_PROJECTION, next.position);
    expect(elsewhere.status).toBe(409);
    expect(elsewhere.body).toMatchObject({
      code: 'PROCESSOR_NOT_FAILED_THERE',
      failedPosition: bad.position,
    });
    expect(await stateOf(PICKY_PROJECTION)).toMatchObject({ status: 'failed', deadLetters: 0 });
    // A projection is skipped the same way (its dead letter lives in the read store).
    expect((await skip(PICKY_PROJECTION, bad.position)).status).toBe(202);
    await failedAt(PICKY_REACTOR, bad);
    expect((await skip(PICKY_REACTOR, bad.position)).status).toBe(202);
    await past(PICKY_PROJECTION, next);
    await past(PICKY_REACTOR, next);
  });

  it('skip: 404 for an unknown name; 400 for a body that is not a position; 401/403 without the admin token', async () => {
    const unknown = await skip('no-such-processor', '1');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: 'PROJECTION_NOT_FOUND' });
    for (const position of [1, '1.5', '-1', 'abc', null]) {
      const response = await skip(PICKY_REACTOR, position);
      expect({ position, status: response.status, code: response.body.code }).toEqual({
        position,
        status: 400,
        code: 'VALIDATION_FAILED',
      });
    }
    expect((await skip(PICKY_REACTOR, '1', {})).status).toBe(401);
    expect((await skip(PICKY_REACTOR, '1', { Authorization: 'Bearer wrong' })).status).toBe(403);
  });

  it('dead-letters: 200 with every dead letter, oldest first; 404 for an unknown name', async () => {
    const response = await deadLetters(PICKY_REACTOR);
    expect(response.status).toBe(200);
    const letters = response.body as Array<Record<string, string>>;
    expect(letters).toHaveLength(2);
    expect(Number(letters[0].position)).toBeLessThan(Number(letters[1].position));
    expect(letters[0]).toEqual({
      position: expect.stringMatching(/^\d+$/),
      eventId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      type: 'ItemsCheckedIn',
      streamId: itemId,
      error: `ItemsCheckedIn at position ${letters[0].position}: refuses a check-in of 701`,
      deadAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect((await deadLetters(PICKY_PROJECTION)).body).toHaveLength(1);
    expect((await deadLetters('no-such-processor')).status).toBe(404);
    expect((await deadLetters(PICKY_REACTOR, {})).status).toBe(401);
  });

  it('retry: 422 with the new error when it fails again (kept); 200 once it succeeds (gone)', async () => {
    const [first] = (await deadLetters(PICKY_REACTOR)).body as Array<{ position: string; error: string }>;
    const again = await retry(PICKY_REACTOR, first.position);
    expect(again.status).toBe(422);
    expect(again.body).toMatchObject({ code: 'DEAD_LETTER_RETRY_FAILED' });
    expect(again.body.message).toMatch(/^refuses a check-in of 701 \(retried /);
    const kept = (await deadLetters(PICKY_REACTOR)).body as Array<{ position: string; error: string }>;
    expect(kept.find(({ position }) => position === first.position)?.error).toBe(again.body.message);

    refusals.reactor.delete(701);
    const ok = await retry(PICKY_REACTOR, first.position);
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ name: PICKY_REACTOR, position: first.position });
    expect(refusals.handled).toContain(Number(first.position));
    const left = (await deadLetters(PICKY_REACTOR)).body as Array<{ position: string }>;
    expect(left.map(({ position }) => position)).not.toContain(first.position);
    expect(await stateOf(PICKY_REACTOR)).toMatchObject({ deadLetters: 1 });
  });

  it('retry: 409 for a projection (a view is rebuilt, not patched); 404 for no such dead letter or name', async () => {
    const [letter] = (await deadLetters(PICKY_PROJECTION)).body as Array<{ position: string }>;
    const projection = await retry(PICKY_PROJECTION, letter.position);
    expect(projection.status).toBe(409);
    expect(projection.body).toMatchObject({ code: 'PROJECTIONS_ARE_REBUILT' });
    expect((await deadLetters(PICKY_PROJECTION)).body).toHaveLength(1);
    const none = await retry(PICKY_REACTOR, '999999999');
    expect(none.status).toBe(404);
    expect(none.body).toMatchObject({ code: 'DEAD_LETTER_NOT_FOUND' });
    expect((await retry('no-such-processor', '1')).status).toBe(404);
    expect((await retry(PICKY_REACTOR, 'abc')).status).toBe(400);
    expect((await retry(PICKY_REACTOR, letter.position, {})).status).toBe(401);
  });

  it('a rebuild never skips: it fails on the event its projection cannot apply (still refused: 702)', async () => {
    const rebuild = await api.post(`/projections/${PICKY_PROJECTION}/rebuild`, {}, ADMIN);
    expect(rebuild.status).toBe(202);
    const after = await until(PICKY_PROJECTION, (state) => state.status !== 'rebuilding');
    expect(after.lastError).toMatch(
      /^rebuild failed: ItemsCheckedIn at position \d+: refuses a check-in of 702$/,
    );
    expect(after.deadLetters).toBe(1);
  });
});
