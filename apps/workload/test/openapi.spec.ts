import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openApiDocument } from '../src/http/openapi';
import {
  createTestEnvironment,
  startTestApp,
  type TestApp,
  type TestEnvironment,
} from './support/test-app';

const CHECKED_IN = join(__dirname, '..', 'openapi.json');
const ACME_DNS_ZONE = 'acme.example.com';
/** acme-dns's own routes read JSON, whatever the request says (see acme-dns.controller.ts). */
const ACME_DNS_ROUTES = ['/acme-dns/register', '/acme-dns/update'];

describe('the OpenAPI document and /api/docs', () => {
  let environment: TestEnvironment;
  let testApp: TestApp;

  beforeAll(async () => {
    // As scripts/write-openapi.js makes the checked-in copy: with the acme-dns API served.
    environment = await createTestEnvironment('sqlite', {
      zones: ['example.com', ACME_DNS_ZONE],
      env: { HLP_ACMEDNS_ZONE: ACME_DNS_ZONE },
    });
    testApp = await startTestApp(environment);
  });

  afterAll(async () => {
    await testApp.close();
    await environment.cleanup();
  });

  it('is what apps/workload/openapi.json holds (rewrite it: build, then node apps/workload/scripts/write-openapi.js)', async () => {
    const served = await testApp.http.get('/api/docs/openapi.json').expect(200);
    const checkedIn: unknown = JSON.parse(readFileSync(CHECKED_IN, 'utf8'));
    expect(served.body).toEqual(openApiDocument(testApp.app));
    expect(served.body).toEqual(checkedIn);
  });

  it('describes every route of the admin API, with the Python service’s trailing slashes', () => {
    const document = openApiDocument(testApp.app);
    expect(Object.keys(document.paths).sort()).toEqual([
      '/acme-dns/health',
      '/acme-dns/register',
      '/acme-dns/update',
      '/api/v1/acme-dns/accounts/',
      '/api/v1/acme-dns/accounts/{id}/',
      '/api/v1/auth/token/',
      '/api/v1/auth/token/refresh/',
      '/api/v1/domain-user-permissions/',
      '/api/v1/domain-user-permissions/{id}/',
      '/api/v1/domains/',
      '/api/v1/domains/{id}/',
      '/api/v1/users/',
      '/api/v1/users/{id}/',
      '/cleanup',
      '/present',
    ]);
    expect(Object.keys(document.paths['/api/v1/users/{id}/'])).toEqual([
      'get',
      'put',
      'patch',
      'delete',
    ]);
    expect(Object.keys(document.paths['/api/v1/acme-dns/accounts/{id}/'])).toEqual(['delete']);
    expect(document.components?.securitySchemes).toEqual({
      basic: { type: 'http', scheme: 'basic' },
      bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
      acmeDnsUser: { type: 'apiKey', in: 'header', name: 'X-Api-User' },
      acmeDnsKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key' },
    });
  });

  it('describes the acme-dns API with its own fields, errors and credentials', () => {
    const { paths } = openApiDocument(testApp.app);
    const register = paths['/acme-dns/register'].post;
    const update = paths['/acme-dns/update'].post;
    const schemaOf = (answer: unknown) =>
      (answer as { content: { 'application/json': { schema: unknown } } }).content[
        'application/json'
      ].schema;
    expect(schemaOf(register?.responses[201])).toEqual({
      $ref: '#/components/schemas/AcmeDnsAccount',
    });
    expect(schemaOf(update?.responses[401])).toEqual({
      $ref: '#/components/schemas/AcmeDnsError',
    });
    expect(update?.security).toEqual([{ acmeDnsUser: [], acmeDnsKey: [] }]);
    expect(Object.keys(paths['/acme-dns/health'])).toEqual(['get']);
    const schemas = openApiDocument(testApp.app).components?.schemas ?? {};
    expect(Object.keys((schemas.AcmeDnsAccount as { properties: object }).properties)).toEqual([
      'username',
      'password',
      'fulldomain',
      'subdomain',
      'allowfrom',
    ]);
  });

  it('leaves the acme-dns API out when it is not served, and keeps its accounts’ resource', async () => {
    const plain = await createTestEnvironment('sqlite');
    const plainApp = await startTestApp(plain);
    try {
      const document = openApiDocument(plainApp.app);
      const paths = Object.keys(document.paths);
      expect(paths.filter((path) => path.startsWith('/acme-dns/'))).toEqual([]);
      expect(paths).toContain('/api/v1/acme-dns/accounts/');
      expect(Object.keys(document.components?.securitySchemes ?? {})).toEqual(['basic', 'bearer']);
    } finally {
      await plainApp.close();
      await plain.cleanup();
    }
  });

  it('names a schema for every request body, both lego modes for /present and /cleanup', () => {
    const document = openApiDocument(testApp.app);
    const schemas = document.components?.schemas ?? {};
    const refs = (schema: object): string[] =>
      JSON.stringify(schema)
        .match(/#\/components\/schemas\/\w+/g)
        ?.map((ref) => ref.split('/').pop() as string) ?? [];
    for (const [path, item] of Object.entries(document.paths)) {
      for (const method of ['post', 'put', 'patch'] as const) {
        const operation = item[method];
        if (!operation) continue;
        const body = operation.requestBody as { content: Record<string, { schema: object }> };
        expect([path, method, Object.keys(body.content)]).toEqual([
          path,
          method,
          ACME_DNS_ROUTES.includes(path)
            ? ['application/json']
            : ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data'],
        ]);
        const named = refs(body.content['application/json'].schema);
        expect(named.length).toBeGreaterThan(0);
        for (const name of named) expect(schemas).toHaveProperty(name);
      }
    }
    expect(new Set(refs(document.paths['/cleanup'].post?.requestBody as object))).toEqual(
      new Set(['Challenge', 'ChallengeRaw']),
    );
    expect(schemas.ChallengeRaw).toMatchObject({ required: ['domain', 'token', 'keyAuth'] });
  });

  it('serves a browsable reference from the app itself, nothing from elsewhere', async () => {
    const page = await testApp.http.get('/api/docs').expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    const references = [...page.text.matchAll(/(?:src|href)=["']([^"']+)["']/g)].map(
      (match) => match[1],
    );
    expect(references.length).toBeGreaterThan(2);
    for (const reference of references) expect(reference).not.toMatch(/^(https?:)?\/\//);
    await testApp.http.get('/api/docs/swagger-ui-bundle.js').expect(200);
    const init = await testApp.http.get('/api/docs/swagger-ui-init.js').expect(200);
    expect(init.text).toContain('"/api/v1/users/"');
    expect(init.text).toContain('"validatorUrl": null');
  });
});
