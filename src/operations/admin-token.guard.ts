import { createHash, timingSafeEqual } from 'node:crypto';
import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../core/index.js';

const BEARER = /^Bearer[ ]+(\S+)[ ]*$/i;

const sha256 = (text: string) => createHash('sha256').update(text).digest();

/**
 * Admin endpoints: `Authorization: Bearer <ADMIN_TOKEN>`. Both sides are hashed first, so the
 * constant-time comparison also hides the token's length. No token: 401; a wrong one: 403; and while
 * ADMIN_TOKEN is unset every request is refused with 403, whatever it carries.
 */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  private readonly expected?: Buffer;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.expected = config.adminToken ? sha256(config.adminToken) : undefined;
  }

  canActivate(context: ExecutionContext): boolean {
    if (!this.expected) {
      throw new ForbiddenException('Admin endpoints are disabled: ADMIN_TOKEN is not set');
    }
    const header = context.switchToHttp().getRequest<{ headers: Record<string, unknown> }>()
      .headers.authorization;
    const token = typeof header === 'string' ? BEARER.exec(header)?.[1] : undefined;
    if (!token) throw new UnauthorizedException('An admin token is required: Authorization: Bearer <token>');
    if (!timingSafeEqual(sha256(token), this.expected)) {
      throw new ForbiddenException('The admin token is not valid');
    }
    return true;
  }
}
