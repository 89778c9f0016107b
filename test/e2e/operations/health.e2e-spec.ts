import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { READ_STORE, WRITE_STORE } from '../../../src/core/index.js';
import { useTestApp } from '../../support/test-app.js';

describe('GET /health', () => {
  const ctx = useTestApp();

  it('answers 200 when both stores answer', async () => {
    const response = await ctx.api.get('/health');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      status: 'ok',
      details: { writeStore: { status: 'up' }, readStore: { status: 'up' } },
    });
  });

  it.each([
    ['readStore', READ_STORE],
    ['writeStore', WRITE_STORE],
  ])('answers 503 when the %s is down, and 200 again once it is back', async (key, name) => {
    const store = ctx.testApp.app.get<DataSource>(getDataSourceToken(name));
    await store.destroy();
    try {
      const response = await ctx.api.get('/health');
      expect(response.status).toBe(503);
      expect(response.body).toMatchObject({
        statusCode: 503,
        error: 'Service Unavailable',
        code: 'UNHEALTHY',
        message: `Not healthy: ${key} is down`,
        status: 'error',
        details: { [key]: { status: 'down' } },
      });
    } finally {
      await store.initialize();
    }
    expect((await ctx.api.get('/health')).status).toBe(200);
  });
});
