import { applyDecorators, UseGuards } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import { ApiErrorAnswer } from '../core/index.js';
import { AdminTokenGuard } from './admin-token.guard.js';

/** An admin route: the bearer token guard, and its 401 and 403 in Swagger. */
export function AdminRoute() {
  return applyDecorators(
    UseGuards(AdminTokenGuard),
    ApiBearerAuth(),
    ApiErrorAnswer({
      status: 401,
      description: 'No admin token',
      codes: ['UNAUTHORIZED'],
      message: 'An admin token is required: Authorization: Bearer <token>',
    }),
    ApiErrorAnswer({
      status: 403,
      description: 'Wrong admin token, or ADMIN_TOKEN unset',
      codes: ['FORBIDDEN'],
      message: 'The admin token is not valid',
    }),
  );
}
