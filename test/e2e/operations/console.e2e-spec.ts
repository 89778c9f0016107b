import { Test } from '@nestjs/testing';
import { APP_FILTER } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DomainErrorFilter } from '../../../src/core/index.js';
import { ConsoleController } from '../../../src/operations/console/console.controller.js';
import { useTestApp } from '../../support/test-app.js';

/** GET /console: the operator console's page and files (the browser test drives the page itself). */
const policyOf = (header: unknown) =>
  new Map(
    String(header)
      .split(';')
      .map((directive) => directive.trim().split(/\s+/))
      .map(([name, ...values]) => [name, values] as const),
  );

describe('GET /console', () => {
  const ctx = useTestApp();

  it('serves the page with a policy that allows its own files only: no inline code, no other origin', async () => {
    const response = await ctx.api.get('/console');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    const policy = policyOf(response.headers['content-security-policy']);
    expect(policy.get('default-src')).toEqual(["'none'"]);
    for (const directive of ['script-src', 'style-src', 'connect-src']) {
      expect(policy.get(directive)).toEqual(["'self'"]);
    }
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(String(response.headers['content-security-policy'])).not.toMatch(/unsafe|https?:/);
    // Nothing inline that the policy would have to allow.
    const html = response.text;
    expect(html).not.toMatch(/<style|\sstyle=|\son[a-z]+=|javascript:/i);
    expect(
      [...html.matchAll(/<script\b[^>]*>/g)].every(([tag]) => / src="\/console\/[\w.-]+"/.test(tag)),
    ).toBe(true);
  });

  it('serves every file the page loads, each with its type, and nothing from another origin', async () => {
    const page = (await ctx.api.get('/console')).text;
    const files = [...page.matchAll(/(?:src|href)="(\/console\/[\w.-]+)"/g)].map(([, path]) => path);
    expect(files).toEqual(['/console/console.css', '/console/main.js']);
    let total = Buffer.byteLength(page);
    const css = await ctx.api.get('/console/console.css');
    expect(css.status).toBe(200);
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(css.text).not.toMatch(/@import|url\(/);
    total += Buffer.byteLength(css.text);
    // Follow the module graph from main.js: every import is one of the console's own files.
    const modules = new Set<string>(['/console/main.js']);
    for (const path of modules) {
      const response = await ctx.api.get(path);
      expect({ path, status: response.status }).toEqual({ path, status: 200 });
      expect(response.headers['content-type']).toBe('text/javascript; charset=utf-8');
      expect(response.headers['content-security-policy']).toBeDefined();
      expect(response.text).not.toMatch(/https?:\/\/|innerHTML|localStorage|document\.cookie/);
      total += Buffer.byteLength(response.text);
      for (const [, imported] of response.text.matchAll(/from '(\.\/[\w.-]+)'/g)) {
        modules.add(`/console/${imported.slice(2)}`);
      }
    }
    expect(modules.size).toBeGreaterThan(4);
    // A small footprint: no framework, no bundle.
    expect(total).toBeLessThan(48 * 1024);
  });

  it.each(['/console/missing.js', '/console/..%2Fpackage.json', '/console/console.controller.ts'])(
    'answers 404 to %s',
    async (path) => {
      const response = await ctx.api.get(path);
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ statusCode: 404, code: expect.any(String) });
    },
  );
});

describe('GET /console on Express (a host application)', () => {
  let app: INestApplication;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      controllers: [ConsoleController],
      providers: [{ provide: APP_FILTER, useClass: DomainErrorFilter }],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
  });
  afterAll(() => app.close());

  it('serves the page and its files with their types and policy', async () => {
    const page = await request(app.getHttpServer()).get('/console');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    const script = await request(app.getHttpServer()).get('/console/main.js');
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toMatch(/^text\/javascript/);
    expect((await request(app.getHttpServer()).get('/console/nope.js')).status).toBe(404);
  });
});
