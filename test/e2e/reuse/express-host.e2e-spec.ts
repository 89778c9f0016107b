import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Body, Controller, Get, Module, Post, Res, UseGuards } from '@nestjs/common';
import { APP_FILTER, NestFactory } from '@nestjs/core';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import helmet from 'helmet';
import request from 'supertest';
import {
  AdminTokenGuard,
  ApiCommand,
  ApiIdParam,
  ApiViewQuery,
  CheckInItemsCommand,
  combineSchemas,
  type CommandResult,
  CORE_SCHEMAS,
  CoreModule,
  commandContextMiddleware,
  CreateInventoryItemCommand,
  DeactivateInventoryItemCommand,
  DomainErrorFilter,
  expectedVersion,
  ExpectedVersionField,
  GetInventoryItemQuery,
  type HeaderReply,
  IdParam,
  IfMatchVersion,
  JsonBodyGuard,
  INVENTORY_SCHEMAS,
  InventoryItemDetailsProjection,
  InventoryModule,
  loadConfig,
  ReadsViews,
  refuseDeepJson,
  requestValidationPipe,
} from '../../../src/index.js';

/**
 * A host application on Express (Nest's default adapter) that serves routes of its own with the
 * library's HTTP pieces, all from the package's public entry: the decorators (commands, queries,
 * path ids, If-Match, read positions, Swagger), the error filter, the Idempotency-Key and
 * read-your-writes guards (which @ApiCommand and @ReadsViews apply themselves), the admin guard, the request context middleware, the JSON body
 * guard, the validation pipe and the JSON depth check.
 */
class StockRequest {
  @IsInt()
  @Min(1)
  @Max(1_000_000_000)
  count: number;

  @ExpectedVersionField()
  expectedVersion?: number;
}

@Controller('stock')
class StockController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post(':id/check-in')
  @ApiIdParam('Item id')
  @ApiCommand({ summary: 'Check items in', notFound: 'INVENTORY_ITEM_NOT_FOUND' })
  checkIn(
    @IdParam() id: string,
    @Body() body: StockRequest,
    @IfMatchVersion() ifMatch?: number,
  ): Promise<CommandResult> {
    return this.commands.execute(
      new CheckInItemsCommand(id, body.count, expectedVersion(body.expectedVersion, ifMatch)),
    );
  }

  @Post(':id/deactivate')
  @UseGuards(AdminTokenGuard)
  @ApiIdParam('Item id')
  @ApiCommand({ summary: 'Deactivate an item (admins only)', notFound: 'INVENTORY_ITEM_NOT_FOUND' })
  deactivate(@IdParam() id: string): Promise<CommandResult> {
    return this.commands.execute(new DeactivateInventoryItemCommand(id, undefined));
  }

  @Get(':id')
  @ReadsViews(InventoryItemDetailsProjection.projectionName)
  @ApiIdParam('Item id')
  @ApiViewQuery({ summary: 'One item', type: StockRequest, notFound: 'INVENTORY_ITEM_NOT_FOUND' })
  async get(@IdParam() id: string, @Res({ passthrough: true }) response: HeaderReply) {
    const item = await this.queries.execute(new GetInventoryItemQuery(id));
    response.header('ETag', `"${item.version}"`);
    return item;
  }
}

function hostModule(folder: string) {
  @Module({
    imports: [
      CoreModule.forRoot({
        config: loadConfig({ DATA_DIR: folder, SQLITE_SYNCHRONOUS: 'NORMAL', ADMIN_TOKEN: 'host-admin' }),
        schemas: combineSchemas(CORE_SCHEMAS, INVENTORY_SCHEMAS),
      }),
      InventoryModule,
    ],
    controllers: [StockController],
    providers: [{ provide: APP_FILTER, useClass: DomainErrorFilter }],
  })
  class ExpressHostModule {}
  return ExpressHostModule;
}

describe('a host application on Express serving its own routes with the library HTTP pieces', () => {
  let folder: string;
  let app: NestExpressApplication;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'cqrs-express-host-'));
    app = await NestFactory.create<NestExpressApplication>(hostModule(folder), {
      logger: false,
      bodyParser: false,
    });
    app.use(helmet());
    // Request and correlation ids, and the context an Idempotency-Key sets the command id in.
    app.use(commandContextMiddleware);
    app.useBodyParser('json', { limit: 10_000, verify: refuseDeepJson() });
    app.useGlobalGuards(new JsonBodyGuard());
    app.useGlobalPipes(requestValidationPipe());
    await app.init();
  });
  afterAll(async () => {
    await app.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('runs a command and reads its write back, with ETag, X-Read-Position and a 304', async () => {
    const id = randomUUID();
    await app.get(CommandBus).execute(new CreateInventoryItemCommand(id, 'Express widget', null));
    const checkedIn = await http()
      .post(`/stock/${id.toUpperCase()}/check-in`)
      .set('If-Match', '"1"')
      .send({ count: 5 })
      .expect(200);
    expect(checkedIn.body).toEqual({ id, version: 2, position: expect.stringMatching(/^\d+$/) });
    expect(checkedIn.headers['x-content-type-options']).toBe('nosniff');
    expect(checkedIn.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);

    const read = await http().get(`/stock/${id}`).query({ minPosition: checkedIn.body.position }).expect(200);
    expect(read.body).toMatchObject({ id, currentCount: 5, version: 2 });
    expect(read.headers.etag).toBe('"2"');
    expect(Number(read.headers['x-read-position'])).toBeGreaterThanOrEqual(Number(checkedIn.body.position));
    await http().get(`/stock/${id}`).set('If-None-Match', '"2"').expect(304);
  });

  it('answers the domain errors, the Idempotency-Key replay and the guard through the one filter', async () => {
    const id = randomUUID();
    await app.get(CommandBus).execute(new CreateInventoryItemCommand(id, 'Capped', 3));
    const refused = await http().post(`/stock/${id}/check-in`).send({ count: 4 });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      statusCode: 422,
      error: 'Unprocessable Entity',
      code: expect.any(String),
    });
    const conflict = await http().post(`/stock/${id}/check-in`).send({ count: 1, expectedVersion: 9 });
    expect(conflict.status).toBe(409);
    expect(conflict.body).toMatchObject({ expectedVersion: 9, actualVersion: 1 });
    expect((await http().get(`/stock/${randomUUID()}`)).status).toBe(404);
    expect((await http().get('/stock/not-an-id')).status).toBe(400);

    const key = randomUUID();
    const first = await http().post(`/stock/${id}/check-in`).set('Idempotency-Key', key).send({ count: 1 });
    const again = await http().post(`/stock/${id}/check-in`).set('Idempotency-Key', key).send({ count: 1 });
    expect(first.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(
      (await http().get(`/stock/${id}`).query({ minPosition: first.body.position })).body.currentCount,
    ).toBe(1);

    expect((await http().post(`/stock/${id}/deactivate`)).status).toBe(401);
    expect((await http().post(`/stock/${id}/deactivate`).set('Authorization', 'Bearer wrong')).status).toBe(
      403,
    );
    await http().post(`/stock/${id}/deactivate`).set('Authorization', 'Bearer host-admin').expect(200);
  });

  it('refuses a body nested too deep or with unknown fields (400), or not JSON (415)', async () => {
    const id = randomUUID();
    const deep = `{"count":${'['.repeat(40)}1${']'.repeat(40)}}`;
    const tooDeep = await http()
      .post(`/stock/${id}/check-in`)
      .set('Content-Type', 'application/json')
      .send(deep);
    expect(tooDeep.status).toBe(400);
    expect(tooDeep.body).toMatchObject({
      statusCode: 400,
      message: expect.stringContaining('nested deeper'),
    });
    const unknown = await http().post(`/stock/${id}/check-in`).send({ count: 1, colour: 'red' });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'colour' }] });
    const form = await http().post(`/stock/${id}/check-in`).type('form').send('count=1');
    expect(form.status).toBe(415);
    expect(form.body).toMatchObject({ statusCode: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
  });

  it('documents its routes with the library Swagger helpers', () => {
    const document = SwaggerModule.createDocument(app, new DocumentBuilder().build());
    const checkIn = document.paths['/stock/{id}/check-in'].post;
    expect(Object.keys(checkIn?.responses ?? {})).toEqual(expect.arrayContaining(['200', '409', '422']));
    expect(checkIn?.parameters).toContainEqual(expect.objectContaining({ name: 'Idempotency-Key' }));
    const get = document.paths['/stock/{id}'].get;
    expect(get?.parameters).toContainEqual(expect.objectContaining({ name: 'minPosition' }));
  });
});
