import type { SchemaObject } from '@nestjs/swagger';

const UP = { writeStore: { status: 'up' }, readStore: { status: 'up' }, processors: { status: 'up' } };
const DOWN = { readStore: { status: 'down', message: 'timeout of 2000ms exceeded' } };

const indicators = (example: object): SchemaObject => ({
  type: 'object',
  description: 'By indicator (writeStore, readStore, processors; process on /health/live)',
  example,
  additionalProperties: {
    type: 'object',
    required: ['status'],
    properties: { status: { type: 'string', enum: ['up', 'down'] }, message: { type: 'string' } },
  },
});

/**
 * Terminus's answer, documented here rather than by @HealthCheck(): its own documentation loads
 * @nestjs/swagger through require(), which does not always find the ESM build, and names a database
 * and a redis this application does not have.
 */
export function healthCheckSchema(healthy: boolean): SchemaObject {
  return {
    type: 'object',
    required: ['status', 'details'],
    properties: {
      status: {
        type: 'string',
        enum: healthy ? ['ok'] : ['error', 'shutting_down'],
        example: healthy ? 'ok' : 'error',
      },
      info: indicators(healthy ? UP : { writeStore: UP.writeStore }),
      error: indicators(healthy ? {} : DOWN),
      details: indicators(healthy ? UP : { writeStore: UP.writeStore, ...DOWN }),
    },
  };
}
