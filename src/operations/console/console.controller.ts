import { readdirSync, readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { type HeaderReply, NotFoundError } from '../../core/index.js';

const ASSETS = new URL('./assets/', import.meta.url);

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
};

/**
 * The page's own policy, stricter than the API's: its scripts and styles are its own files (no
 * inline code, no CDN), it talks to this origin only, and nothing may frame it.
 */
export const CONSOLE_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

interface Asset {
  readonly type: string;
  readonly body: Buffer;
}

/** The files of the page, read once: a request can only name one of them, never a path. */
function loadAssets(): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const name of readdirSync(ASSETS)) {
    const type = TYPES[extname(name)];
    if (type) assets.set(name, { type, body: readFileSync(new URL(name, ASSETS)) });
  }
  return assets;
}

/**
 * GET /console: the operator console, plain HTML, CSS and ES modules served by the application
 * itself (no build step, no CDN). It holds no data and no secret: it asks for the admin token and
 * calls the admin API with it, so it can do nothing the API does not allow. Served on either HTTP
 * adapter; not part of the API's OpenAPI document, like /docs.
 */
@ApiExcludeController()
@Controller('console')
export class ConsoleController {
  private readonly assets = loadAssets();

  @Get()
  page(@Res({ passthrough: true }) reply: HeaderReply): Buffer {
    return this.send('index.html', reply);
  }

  @Get(':asset')
  asset(@Param('asset') name: string, @Res({ passthrough: true }) reply: HeaderReply): Buffer {
    return this.send(name, reply);
  }

  private send(name: string, reply: HeaderReply): Buffer {
    const asset = this.assets.get(name);
    if (!asset) throw new NotFoundError('CONSOLE_FILE_NOT_FOUND', `The console has no file ${name}`);
    reply.header('Content-Type', asset.type);
    reply.header('Content-Security-Policy', CONSOLE_POLICY);
    // Small files: always ask again, so a new version is never mixed with a cached old one.
    reply.header('Cache-Control', 'no-cache');
    return asset.body;
  }
}
