import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import {
  DocumentBuilder,
  type OpenAPIObject,
  type OperationObject,
  SwaggerModule,
} from '@nestjs/swagger';

import type { NextFunction, Request, Response } from 'express';
import { IdentityModule } from '../identity/identity.module';
import { AdminApiModule } from '../admin-api/admin-api.module';

export const API_DOCS_PATH = '/api/docs';
export const OPENAPI_JSON_PATH = '/api/docs/openapi.json';

const DESCRIPTION = `The lego httpreq endpoints and the administration API of httprequest-lego-provider.

Every request is authenticated with HTTP Basic credentials or with an access token from \`POST /api/v1/auth/token/\`, sent as \`Authorization: Bearer <access>\`. The \`/api/v1/\` resources (users, domains, grants) answer administrators only, with the Python service's fields and paths (trailing slashes included).

Every error is JSON: \`{ "error": <code>, "message": <text>, "fields"?: { <field>: <text> } }\`.`;

/** lego's httpreq body, for the two endpoints the challenges module serves. */
const CHALLENGE_OPERATION = (
  operationId: string,
  summary: string,
  description: string,
): OperationObject => ({
  tags: ['httpreq'],
  summary,
  description,
  operationId,
  security: [{ basic: [] }, { bearer: [] }],
  requestBody: {
    required: true,
    content: Object.fromEntries(
      ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data'].map(
        (type) => [type, { schema: { $ref: '#/components/schemas/Challenge' } }],
      ),
    ),
  },
  responses: {
    '204': { description: 'Done (or already so: retries are safe).' },
    '400': { description: 'Invalid name or value.', content: errorContent() },
    '401': { description: 'No valid credentials.', content: errorContent() },
    '403': { description: 'The user may not manage this name.', content: errorContent() },
    '404': { description: 'No zone file covers the name.', content: errorContent() },
    '503': {
      description: 'The zone repository is unavailable; retry later.',
      content: errorContent(),
    },
  },
});

function errorContent() {
  return { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } };
}

/**
 * The OpenAPI document, generated from the controllers and their decorators. `apps/workload/
 * openapi.json` holds a copy that a test keeps equal to it (`node apps/workload/scripts/
 * write-openapi.js` rewrites it).
 */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('httprequest-lego-provider')
    .setDescription(DESCRIPTION)
    .setVersion('1')
    .addBasicAuth({ type: 'http', scheme: 'basic' }, 'basic')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    include: [AdminApiModule, IdentityModule],
    operationIdFactory: (controller, method) =>
      `${controller.replace(/Controller$/, '')}_${method}`,
  });
  // The Python service's routes end with a slash; clients call them so.
  const paths: OpenAPIObject['paths'] = {
    '/present': {
      post: CHALLENGE_OPERATION(
        'httpreq_present',
        'Present a challenge value',
        'Adds a TXT record with `value` at `fqdn` (`_acme-challenge.<name>`), when the user holds `domain` access on `<name>` or `subdomain` access on a domain above it. Several values may live at one name.',
      ),
    },
    '/cleanup': {
      post: CHALLENGE_OPERATION(
        'httpreq_cleanup',
        'Clean up a challenge value',
        'Removes the TXT record with exactly this `value` at `fqdn`; others at that name stay.',
      ),
    },
  };
  for (const [path, item] of Object.entries(document.paths)) {
    paths[path.startsWith('/api/v1/') && !path.endsWith('/') ? `${path}/` : path] = item;
  }
  document.paths = paths;
  document.components = {
    ...document.components,
    schemas: {
      ...document.components?.schemas,
      Challenge: {
        type: 'object',
        required: ['fqdn', 'value'],
        properties: {
          fqdn: {
            type: 'string',
            example: '_acme-challenge.www.example.com.',
            description: 'The challenge name; a trailing dot is optional; any case.',
          },
          value: {
            type: 'string',
            example: 'LHDhK3oGRvkiefQnx7OOczTY5Tic_xZ6HcMOc_gmtoM',
            description: 'The TXT value: 1 to 255 base64url characters.',
          },
        },
      },
    },
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
