/// <reference lib="dom" />
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { Api, type CommandResult } from '../support/api.js';
import { settledOrder } from '../support/orders.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { STOCK_TALLY, StockTallyModule } from '../faults/support/stock-tally.module.js';

/** Debian's Chromium (`apt-get install chromium`); playwright-core downloads no browser of its own. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const OUTPUT = join(process.cwd(), '.test-output', 'browser');
const TOKEN = 'console-browser-token';
/** A laptop screen. */
const VIEWPORT = { width: 1366, height: 768 };

/**
 * Every visible text's contrast with the background it is drawn on (WCAG 2 relative luminance),
 * computed in the page; answers the texts below 4.5:1.
 */
function lowContrast(page: Page) {
  // Playwright sends this one function to the page: its helpers must live inside it.
  return page.evaluate(() => {
    // oxlint-disable-next-line unicorn/consistent-function-scoping
    const channels = (color: string) => (color.match(/[\d.]+/g) ?? []).map(Number);
    // oxlint-disable-next-line unicorn/consistent-function-scoping
    const luminance = ([r, g, b]: number[]) => {
      // oxlint-disable-next-line unicorn/consistent-function-scoping
      const linear = (value: number) => {
        const c = value / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
    };
    const background = (element: Element | null): number[] => {
      for (let at = element; at; at = at.parentElement) {
        const [r, g, b, a = 1] = channels(getComputedStyle(at).backgroundColor);
        if (a > 0) return [r, g, b];
      }
      return [255, 255, 255];
    };
    const failures: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const element = node.parentElement;
      if (!element || !node.textContent?.trim() || element.getClientRects().length === 0) continue;
      if (element.closest('[hidden], .visually-hidden, option')) continue;
      const fore = luminance(channels(getComputedStyle(element).color));
      const back = luminance(background(element));
      const ratio = (Math.max(fore, back) + 0.05) / (Math.min(fore, back) + 0.05);
      if (ratio < 4.5) failures.push(`${ratio.toFixed(2)}: ${node.textContent.trim().slice(0, 40)}`);
    }
    return failures;
  });
}

/** Every form control has a label, every button a name. */
function unlabelled(page: Page) {
  return page.evaluate(() => [
    ...[...document.querySelectorAll('input, select, textarea')]
      .filter((control) => (control as HTMLInputElement).labels?.length === 0)
      .map((control) => control.outerHTML),
    ...[...document.querySelectorAll('button')]
      .filter((button) => !(button.getAttribute('aria-label') ?? button.textContent ?? '').trim())
      .map((button) => button.outerHTML),
  ]);
}

const row = (page: Page, name: string) => page.locator(`#processors tbody tr[data-name="${name}"]`);

describe('the operator console at /console, in a real browser', () => {
  let testApp: TestApp;
  let baseUrl: string;
  let browser: Browser;
  let api: Api;
  let orderId: string;
  let correlationId: string;
  let poison: CommandResult;

  beforeAll(async () => {
    testApp = await createTestApp({
      adminToken: TOKEN,
      imports: [StockTallyModule.register({ fixed: false })],
    });
    await testApp.app.listen(0, '127.0.0.1');
    baseUrl = await testApp.app.getUrl();
    api = new Api(testApp.app);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    mkdirSync(OUTPUT, { recursive: true });

    // An order placed by one request: its saga reserves stock in inventory, then confirms it.
    const item = await api.createItem({ name: 'Console widget' });
    await api.checkIn(item.id, 20);
    orderId = randomUUID();
    correlationId = `console-${randomUUID()}`;
    const placed = await api.post(
      '/orders',
      { id: orderId, lines: [{ itemId: item.id, quantity: 4 }] },
      { 'X-Correlation-Id': correlationId },
    );
    if (placed.status !== 201) throw new Error(`place order answered ${placed.status}`);
    const settled = await settledOrder(api, orderId, placed.body as CommandResult);
    if (settled.body.status !== 'confirmed') throw new Error(`the order is ${settled.body.status}`);
    // The poison event: the stock-tally projection cannot apply a check-in of 1000 or more.
    poison = await api.checkIn(item.id, 5000);
  });
  afterAll(async () => {
    await browser?.close();
    await testApp?.close();
  });

  const signIn = async (page: Page, token = TOKEN) => {
    await page.goto(`${baseUrl}/console`);
    await page.getByLabel('Admin token').fill(token);
    await page.getByLabel('Admin token').press('Enter');
  };

  it('a wrong token shows an error and no data', async () => {
    const page = await browser.newPage({ viewport: VIEWPORT });
    await signIn(page, 'not-the-token');
    const alert = page.getByRole('alert');
    await expect(alert.innerText()).resolves.toMatch(/refused.*403 FORBIDDEN/);
    expect(await page.locator('#console').isHidden()).toBe(true);
    expect(await page.locator('#processors tbody tr').count()).toBe(0);
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    await page.screenshot({ path: join(OUTPUT, 'console-wrong-token.png') });
    await page.close();
  });

  it('signs in with the token, kept in the tab only, and shows every processor, updated live', async () => {
    const page = await browser.newPage({ viewport: VIEWPORT });
    const requests: Array<{ url: string; at: number; authorization?: string }> = [];
    page.on('request', (sent) =>
      requests.push({ url: sent.url(), at: Date.now(), authorization: sent.headers().authorization }),
    );
    await signIn(page);
    await row(page, 'inventory-list').waitFor();
    for (const name of ['inventory-list', 'inventory-item-details', 'orders']) {
      await expect(row(page, name).locator('.status').innerText()).resolves.toBe('running');
    }
    // The failed projection is red, with its error.
    const failed = row(page, STOCK_TALLY);
    await failed.locator('.status', { hasText: 'failed' }).waitFor();
    expect(await failed.getAttribute('class')).toContain('failed');
    await expect(failed.locator('td.cell-lastError').innerText()).resolves.toContain(
      `ItemsCheckedIn at position ${poison.position}`,
    );
    expect(await page.evaluate(() => sessionStorage.getItem('cqrs-console-admin-token'))).toBe(TOKEN);
    expect(await page.evaluate(() => document.cookie)).toBe('');
    await page.screenshot({ path: join(OUTPUT, 'console-processors.png'), fullPage: true });

    // Polled, each poll a second after the previous one ended, each request with the bearer token and never in a URL.
    const polls = () => requests.filter((sent) => new URL(sent.url).pathname === '/projections');
    const started = polls().length;
    await page.waitForTimeout(3200);
    const seen = polls().slice(started - 1);
    expect(seen.length).toBeGreaterThanOrEqual(2);
    for (let index = 1; index < seen.length; index += 1) {
      expect(seen[index].at - seen[index - 1].at).toBeGreaterThanOrEqual(950);
    }
    expect(polls().every((sent) => sent.authorization === `Bearer ${TOKEN}`)).toBe(true);
    expect(requests.some((sent) => sent.url.includes(TOKEN))).toBe(false);

    expect(await lowContrast(page)).toEqual([]);
    expect(await unlabelled(page)).toEqual([]);
    await page.close();
  });

  it('rebuilds a projection from the keyboard, only once confirmed in a dialog', async () => {
    const page = await browser.newPage({ viewport: VIEWPORT });
    const rebuilds: string[] = [];
    page.on('request', (sent) => {
      if (sent.url().endsWith('/rebuild')) rebuilds.push(sent.method());
    });
    await signIn(page);
    const rebuild = row(page, 'inventory-list').getByRole('button', { name: 'Rebuild: inventory-list' });
    await rebuild.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Rebuild inventory-list?' });
    await dialog.waitFor();
    await page.screenshot({ path: join(OUTPUT, 'console-rebuild-dialog.png') });
    // The focus is on Cancel: Enter alone never confirms.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(rebuilds).toEqual([]);

    await rebuild.click();
    await dialog.getByRole('button', { name: 'Rebuild' }).click();
    await page.getByRole('status').filter({ hasText: 'Rebuild of inventory-list started' }).waitFor();
    expect(rebuilds).toEqual(['POST']);
    await page.close();
  });

  it('opens an order by id and follows its correlation timeline across modules', async () => {
    const page = await browser.newPage({ viewport: VIEWPORT });
    await signIn(page);
    await page.getByLabel('Look up by').selectOption('stream');
    await page.getByLabel('Id or position').fill(orderId);
    await page.getByLabel('Id or position').press('Enter');
    const events = page.locator('#events .timeline > li[data-type]');
    await events.first().waitFor();
    expect(await events.evaluateAll((items) => items.map((item) => item.getAttribute('data-type')))).toEqual([
      'OrderPlaced',
      'OrderConfirmed',
    ]);
    await expect(events.first().locator('pre').innerText()).resolves.toContain('"quantity": 4');

    await events
      .first()
      .getByRole('button', { name: `Open correlation ${correlationId}` })
      .click();
    await page.getByRole('heading', { name: new RegExp(`Correlation ${correlationId}`) }).waitFor();
    expect(await events.evaluateAll((items) => items.map((item) => item.getAttribute('data-type')))).toEqual([
      'OrderPlaced',
      'StockReserved',
      'OrderConfirmed',
    ]);
    // Each command that wrote events heads its group: the request's, the reservation, the confirmation.
    const commands = page.locator('#events .timeline > li.command');
    expect(await commands.count()).toBe(3);
    await expect(commands.nth(1).innerText()).resolves.toMatch(/:reserve-0/);
    await expect(commands.nth(2).innerText()).resolves.toMatch(/:confirm/);
    await page.screenshot({ path: join(OUTPUT, 'console-correlation-timeline.png'), fullPage: true });
    expect(await lowContrast(page)).toEqual([]);

    // Signing out forgets the token and every datum shown.
    await page.getByRole('button', { name: 'Sign out' }).click();
    expect(await page.locator('#events').innerText()).toBe('');
    expect(await page.locator('#processors tbody tr').count()).toBe(0);
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    await page.close();
  });
});
