import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

import type { NextFunction, Request, Response } from 'express';
import { AcmeDnsModule } from '../acme-dns/acme-dns.module';
import { ChallengesModule } from '../challenges/challenges.module';
import { componentSchemas } from '../common/api-schemas';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { IdentityModule } from '../identity/identity.module';
import { AdminApiModule } from '../admin-api/admin-api.module';

export const API_DOCS_PATH = '/api/docs';
export const OPENAPI_JSON_PATH = '/api/docs/openapi.json';

const DESCRIPTION = `The lego httpreq endpoints and the administration API of httprequest-lego-provider.

Every request is authenticated with HTTP Basic credentials or with an access token from \`POST /api/v1/auth/token/\`, sent as \`Authorization: Bearer <access>\`. The \`/api/v1/\` resources (users, domains, grants) answer administrators only, with the Python service's fields and paths (trailing slashes included).

Every error is JSON: \`{ "error": <code>, "message": <text>, "fields"?: { <field>: <text> } }\`.

When \`HLP_ACMEDNS_ZONE\` is set, joohoi/acme-dns's API is served under \`HLP_ACMEDNS_PREFIX\` (\`register\`, \`update\`, \`health\`), with acme-dns's own authentication (\`X-Api-User\`, \`X-Api-Key\`) and error bodies (\`{ "error": <code> }\`); administrators manage its accounts at \`/api/v1/acme-dns/accounts/\`.`;

/**
 * The OpenAPI document, generated from the controllers, their decorators and the request schemas. `apps/workload/
 * openapi.json` holds a copy that a test keeps equal to it (`node apps/workload/scripts/
 * write-openapi.js` rewrites it).
 */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('httprequest-lego-provider')
    .setDescription(DESCRIPTION)
    .setVersion('1')
    .addBasicAuth({ type: 'http', scheme: 'basic' }, 'basic')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer');
  if (app.get<AppConfig>(APP_CONFIG).acmeDnsZone !== undefined) {
    config
      .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Api-User' }, 'acmeDnsUser')
      .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Api-Key' }, 'acmeDnsKey');
  }
  const document = SwaggerModule.createDocument(app, config.build(), {
    include: [ChallengesModule, AdminApiModule, IdentityModule, AcmeDnsModule],
    operationIdFactory: (controller, method) =>
      `${controller.replace(/Controller$/, '')}_${method}`,
  });
  // The Python service's routes end with a slash; clients call them so.
  const paths: OpenAPIObject['paths'] = {};
  for (const [path, item] of Object.entries(document.paths)) {
    paths[path.startsWith('/api/v1/') && !path.endsWith('/') ? `${path}/` : path] = item;
  }
  document.paths = paths;
  // Every request and answer shape, from the zod schemas that read and describe them.
  document.components = {
    ...document.components,
    schemas: componentSchemas(),
  };
  return document;
}

/**
 * The browsable reference at /api/docs (Swagger UI from the swagger-ui-dist package, served by
 * the app itself) and the document at /api/docs/openapi.json. Public: it holds no secrets.
 */
export function serveApiDocs(app: NestExpressApplication): void {
  app.use(API_DOCS_PATH, (_request: Request, response: Response, next: NextFunction) => {
    response.setHeader(
      'Content-Security-Policy',
      "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    );
    response.setHeader('X-Content-Type-Options', 'nosniff');
    next();
  });
  SwaggerModule.setup(API_DOCS_PATH, app, () => openApiDocument(app), {
    jsonDocumentUrl: OPENAPI_JSON_PATH,
    yamlDocumentUrl: '/api/docs/openapi.yaml',
    customSiteTitle: 'httprequest-lego-provider API',
    customCss: '.swagger-ui .topbar { display: none }',
    swaggerOptions: { validatorUrl: null, persistAuthorization: false, tryItOutEnabled: false },
  });
}
