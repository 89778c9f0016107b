import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { Api } from '../../support/api.js';

interface Schema {
  $ref?: string;
  enum?: unknown[];
  type?: string;
  example?: unknown;
  default?: unknown;
  items?: Schema;
  allOf?: Schema[];
  properties?: Record<string, Schema>;
}
interface Response {
  description: string;
  headers?: Record<string, unknown>;
  content?: Record<string, { schema: Schema; example?: unknown }>;
}
interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  example?: unknown;
  schema?: Schema;
}
interface Operation {
  tags?: string[];
  summary?: string;
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, Response>;
}
interface Document {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

const schemaOf = (response: Response | undefined) => response?.content?.['application/json']?.schema;
/** The class a response's schema names: a $ref, or the first of an allOf that narrows its code. */
const refName = (schema: Schema | undefined) =>
  (schema?.$ref ?? schema?.allOf?.[0]?.$ref)?.replace('#/components/schemas/', '');
/** The codes an error response lists: the enum its schema puts on `code`. */
const codesOf = (response: Response | undefined) =>
  schemaOf(response)?.allOf?.[1]?.properties?.code?.enum as string[] | undefined;

describe('GET /docs-json: the OpenAPI document', () => {
  let testApp: TestApp;
  let document: Document;
  let operations: { method: string; path: string; operation: Operation }[];
  const served: string[] = [];

  beforeAll(async () => {
    testApp = await createTestApp({
      onRoute: (method, path) => {
        // Fastify adds a HEAD route beside each GET by itself; Swagger UI's own routes, and the
        // console's page and files, are not the API's.
        if (method !== 'HEAD' && !path.startsWith('/docs') && !path.startsWith('/console')) {
          served.push(`${method.toLowerCase()} ${path.replace(/:(\w+)/g, '{$1}')}`);
        }
      },
    });
    const response = await new Api(testApp.app).get('/docs-json');
    if (response.status !== 200) throw new Error(`/docs-json answered ${response.status}`);
    document = response.body as Document;
    operations = Object.entries(document.paths).flatMap(([path, byMethod]) =>
      Object.entries(byMethod).map(([method, operation]) => ({ method, path, operation })),
    );
  });
  afterAll(() => testApp.close());

  it('is a valid OpenAPI 3 document', async () => {
    const result = await new Validator().validate(document as unknown as Record<string, unknown>);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(document.openapi).toMatch(/^3\./);
  });

  it('resolves every $ref to a schema it defines', () => {
    const refs = [...JSON.stringify(document).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)];
    expect(refs.length).toBeGreaterThan(0);
    for (const [, name] of refs) expect(Object.keys(document.components.schemas)).toContain(name);
  });

  it('documents every route the application serves', () => {
    expect(served.length).toBeGreaterThanOrEqual(9);
    expect(operations.map(({ method, path }) => `${method} ${path}`).sort()).toEqual(served.sort());
  });

  it('groups every operation under the tag of its module, with a summary', () => {
    for (const { operation } of operations) {
      expect(operation.tags).toHaveLength(1);
      expect(operation.summary).toEqual(expect.any(String));
    }
    const inventory = operations.filter(({ operation }) => operation.tags?.[0] === 'inventory');
    expect(inventory.map(({ method, path }) => `${method} ${path}`).sort()).toEqual([
      'get /inventory-items',
      'get /inventory-items/{id}',
      'get /inventory-items/{id}/history',
      'post /inventory-items',
      'post /inventory-items/{id}/check-in',
      'post /inventory-items/{id}/deactivate',
      'post /inventory-items/{id}/max-qty',
      'post /inventory-items/{id}/remove',
      'post /inventory-items/{id}/rename',
    ]);
  });

  it('gives every command its request schema, its result and every error it can answer', () => {
    const commands = operations.filter(({ operation }) =>
      ['200', '201'].some(
        (status) => refName(schemaOf(operation.responses[status])) === 'CommandResultResponse',
      ),
    );
    expect(commands.length).toBeGreaterThanOrEqual(6);
    for (const { path, operation } of commands) {
      expect(refName(operation.requestBody?.content['application/json'].schema)).toMatch(/Request$/);
      const errors = ['400', '409', '413', '422', ...(path.includes('{id}') ? ['404'] : [])];
      for (const status of errors)
        expect(refName(schemaOf(operation.responses[status]))).toMatch(/Response$/);
      expect(refName(schemaOf(operation.responses['409']))).toBe('VersionConflictResponse');
      expect(refName(schemaOf(operation.responses['400']))).toBe('BadRequestResponse');
      expect(codesOf(operation.responses['415'])).toEqual(['UNSUPPORTED_MEDIA_TYPE']);
    }
    expect(
      Object.keys(commands.find(({ path }) => path === '/inventory-items')!.operation.responses),
    ).toContain('201');
  });

  it('gives every query its result, X-Read-Position, and its 400 and 503', () => {
    const queries = operations.filter(({ operation }) =>
      operation.parameters?.some((parameter) => parameter.name === 'minPosition'),
    );
    expect(queries.map(({ path }) => path)).toEqual(
      expect.arrayContaining(['/inventory-items', '/inventory-items/{id}', '/inventory-items/{id}/history']),
    );
    for (const { path, operation } of queries) {
      expect(refName(schemaOf(operation.responses['200']))).toMatch(/Response$/);
      expect(operation.responses['200'].headers).toHaveProperty('X-Read-Position');
      expect(refName(schemaOf(operation.responses['400']))).toBe('BadRequestResponse');
      for (const status of ['503', ...(path.endsWith('{id}') ? ['404'] : [])]) {
        expect(refName(schemaOf(operation.responses[status]))).toBe('ApiErrorResponse');
      }
    }
  });

  it('describes every response, and gives each error response its own example', () => {
    for (const { operation } of operations) {
      for (const [status, response] of Object.entries(operation.responses)) {
        expect(response.description).not.toBe('');
        const example = response.content?.['application/json']?.example as
          { statusCode?: number } | undefined;
        // The error shape has one class, so each status needs its own example to show its own body.
        if (/^(ApiError|BadRequest|VersionConflict)Response$/.test(refName(schemaOf(response)) ?? '')) {
          expect({ [status]: example?.statusCode }).toEqual({ [status]: Number(status) });
        }
      }
    }
  });

  it('gives an example to every required parameter, and none but the default to an optional one', () => {
    for (const { operation } of operations) {
      for (const parameter of operation.parameters ?? []) {
        const example = parameter.example ?? parameter.schema?.example;
        if (parameter.required)
          expect({ [parameter.name]: example }).not.toEqual({ [parameter.name]: undefined });
        else {
          // Swagger UI fills the example in, so anything but the default would change the answer.
          if (example !== undefined) {
            expect({ [parameter.name]: example }).toEqual({ [parameter.name]: parameter.schema?.default });
          }
          expect({ [parameter.name]: parameter.description }).toEqual({
            [parameter.name]: expect.any(String),
          });
        }
      }
    }
  });

  it('gives every schema field an example', () => {
    for (const [name, schema] of Object.entries(document.components.schemas)) {
      for (const [field, property] of Object.entries(schema.properties ?? {})) {
        const described =
          property.example !== undefined ||
          property.$ref ||
          property.allOf?.[0]?.$ref ||
          property.items?.$ref;
        expect({ [`${name}.${field}`]: Boolean(described) }).toEqual({ [`${name}.${field}`]: true });
      }
    }
  });

  it('lists the codes of every error response of every route (CONTRACT v2: errors)', () => {
    for (const { method, path, operation } of operations) {
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) < 400) continue;
        const codes =
          codesOf(response) ?? (schemaOf(response)?.properties?.code?.enum as string[] | undefined);
        expect({ route: `${method} ${path} ${status}`, codes }).toEqual({
          route: `${method} ${path} ${status}`,
          codes: expect.arrayContaining([expect.stringMatching(/^[A-Z][A-Z0-9_]*$/)]),
        });
        expect(response.description).toContain(`Codes: ${codes!.join(', ')}`);
      }
    }
    const notFound: Record<string, string[] | undefined> = {};
    for (const { method, path, operation } of operations)
      notFound[`${method} ${path}`] = codesOf(operation.responses['404']);
    expect(notFound['post /inventory-items/{id}/check-in']).toEqual(['INVENTORY_ITEM_NOT_FOUND']);
    expect(notFound['get /inventory-items/{id}']).toEqual(['INVENTORY_ITEM_NOT_FOUND']);
    expect(notFound['post /orders/{id}/cancel']).toEqual(['ORDER_NOT_FOUND']);
    expect(notFound['get /orders/{id}']).toEqual(['ORDER_NOT_FOUND']);
  });

  it('holds no example that its own schema refuses', () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats.default(ajv);
    const problems: string[] = [];
    const check = (where: string, schema: Schema | undefined, example: unknown) => {
      if (schema === undefined || example === undefined) return;
      // The schema is checked inside a copy of the document, so that its $refs resolve.
      const validate = ajv.compile({ ...schema, components: document.components });
      if (!validate(example))
        problems.push(`${where}: ${ajv.errorsText(validate.errors)} in ${JSON.stringify(example)}`);
    };
    const walk = (where: string, schema: Schema | undefined) => {
      if (!schema) return;
      check(where, schema, schema.example);
      for (const [field, property] of Object.entries(schema.properties ?? {}))
        walk(`${where}.${field}`, property);
      walk(`${where}[]`, schema.items);
      schema.allOf?.forEach((part, index) => walk(`${where}.allOf[${index}]`, part));
    };
    for (const [name, schema] of Object.entries(document.components.schemas)) walk(name, schema);
    let examples = 0;
    for (const { method, path, operation } of operations) {
      const route = `${method} ${path}`;
      for (const parameter of operation.parameters ?? []) {
        check(`${route} parameter ${parameter.name}`, parameter.schema, parameter.example);
        walk(`${route} parameter ${parameter.name}`, parameter.schema);
      }
      for (const [status, response] of Object.entries(operation.responses)) {
        const content = response.content?.['application/json'];
        if (content?.example !== undefined) examples++;
        check(`${route} ${status}`, content?.schema, content?.example);
        walk(`${route} ${status}`, content?.schema);
        for (const [name, header] of Object.entries(response.headers ?? {}))
          walk(`${route} ${status} header ${name}`, (header as { schema?: Schema }).schema);
      }
    }
    expect(examples).toBeGreaterThan(40);
    expect(problems).toEqual([]);
  });

  it('gives CreateInventoryItemRequest.maxQty the type integer (nullable), not object', () => {
    expect(document.components.schemas.CreateInventoryItemRequest.properties?.maxQty).toMatchObject({
      type: 'integer',
      nullable: true,
    });
  });
});
