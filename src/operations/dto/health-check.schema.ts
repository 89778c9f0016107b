import type { SchemaObject } from '@nestjs/swagger';

const UP = { writeStore: { status: 'up' }, readStore: { status: 'up' } };
const DOWN = { readStore: { status: 'down', message: 'timeout of 2000ms exceeded' } };

const indicators = (example: object): SchemaObject => ({
  type: 'object',
  description: 'By indicator (writeStore, readStore)',
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
  // Unhealthy is an error answer: the v2 error fields, and terminus's details beside them.
  const errorFields: Record<string, SchemaObject> = {
    statusCode: { type: 'integer', example: 503 },
    error: { type: 'string', example: 'Service Unavailable' },
    message: { type: 'string', example: 'Not healthy: readStore is down' },
    code: { type: 'string', enum: ['UNHEALTHY'] },
  };
  return {
    type: 'object',
    required: healthy
      ? ['status', 'details']
      : ['statusCode', 'error', 'message', 'code', 'status', 'details'],
    properties: {
      ...(healthy ? {} : errorFields),
      status: {
        type: 'string',
        enum: healthy ? ['ok'] : ['error', 'shutting_down'],
        example: healthy ? 'ok' : 'error',
      },
      info: indicators(healthy ? UP : { writeStore: UP.writeStore }),
      ...(healthy ? { error: indicators({}) } : {}),
      details: indicators(healthy ? UP : { writeStore: UP.writeStore, ...DOWN }),
    },
  };
}
