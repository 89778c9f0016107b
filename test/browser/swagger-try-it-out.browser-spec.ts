import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { Api } from '../support/api.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/** Debian's Chromium (`apt-get install chromium`); playwright-core downloads no browser of its own. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const OUTPUT = join(process.cwd(), '.test-output', 'browser');

describe('Swagger UI at /docs, in a real browser', () => {
  let testApp: TestApp;
  let baseUrl: string;
  let browser: Browser;

  beforeAll(async () => {
    testApp = await createTestApp();
    await testApp.app.listen(0, '127.0.0.1');
    baseUrl = await testApp.app.getUrl();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    mkdirSync(OUTPUT, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await testApp.close();
  });

  it('creates an inventory item with "Try it out" and shows the 201', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
    await page.goto(`${baseUrl}/docs`);

    const create = page.locator('#operations-inventory-InventoryCommandsController_create');
    await create.locator('.opblock-summary').click();
    await create.getByRole('button', { name: 'Try it out' }).click();
    const id = randomUUID();
    await create.locator('textarea.body-param__text').fill(JSON.stringify({ id, name: 'Browser widget' }));
    await create.getByRole('button', { name: 'Execute' }).click();

    const answer = create.locator('.live-responses-table .response');
    await answer.locator('.response-col_status', { hasText: '201' }).waitFor();
    await expect(answer.locator('.response-col_description').innerText()).resolves.toContain(id);
    await create.screenshot({ path: join(OUTPUT, 'swagger-create-inventory-item.png') });

    // The page's 201 was a real write: the item is there to read.
    const { position } = JSON.parse(
      await answer.locator('.response-col_description pre').first().innerText(),
    ) as {
      position: string;
    };
    const read = await new Api(testApp.app).get(`/inventory-items/${id}`, { minPosition: position });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id, name: 'Browser widget', version: 1 });
  });
});
