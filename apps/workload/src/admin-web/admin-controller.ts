import { applyDecorators, Controller, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { AdminPageFilter } from './admin-page.filter';
import { AdminSessionGuard } from './admin-session.guard';

/** A controller of admin pages: under /admin, out of the API document, errors as pages. */
export function AdminPages(): ClassDecorator {
  return applyDecorators(ApiExcludeController(), UseFilters(AdminPageFilter), Controller('admin'));
}

/** Admin pages for a signed-in administrator only. */
export function SignedInAdminPages(): ClassDecorator {
  return applyDecorators(AdminPages(), UseGuards(AdminSessionGuard));
}
