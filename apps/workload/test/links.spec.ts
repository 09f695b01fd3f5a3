import { createAdmin } from './support/admin';
import { createTestEnvironment, startTestApp } from './support/test-app';

interface Case {
  readonly env: Record<string, string>;
  /** The `Host` header and `X-Forwarded-Proto` the client sends. */
  readonly host: string;
  readonly forwardedProto?: string;
  /** What the user's link is, `<id>` standing for its id. */
  readonly link: string;
  /** Whether the admin pages' cookies are Secure. */
  readonly secure: boolean;
}

// Which Host, and which X-Forwarded-Proto, a response may believe. Not a database matter: SQLite.
describe.each<[string, Case]>([
  [
    'any host allowed: relative links, whatever the Host says',
    { env: {}, host: 'evil.example', link: '/api/v1/users/<id>/', secure: false },
  ],
  [
    'any host allowed, X-Forwarded-Proto from a client that is not a trusted proxy',
    {
      env: {},
      host: 'evil.example',
      forwardedProto: 'https',
      link: '/api/v1/users/<id>/',
      secure: false,
    },
  ],
  [
    'listed hosts: links to the host, and X-Forwarded-Proto only from a trusted proxy',
    {
      env: { HLP_ALLOWED_HOSTS: 'lego.example.com' },
      host: 'lego.example.com',
      forwardedProto: 'https',
      link: 'http://lego.example.com/api/v1/users/<id>/',
      secure: false,
    },
  ],
  [
    'listed hosts behind a trusted proxy that terminated TLS',
    {
      env: { HLP_ALLOWED_HOSTS: 'lego.example.com', HLP_TRUSTED_PROXIES: '127.0.0.1' },
      host: 'lego.example.com',
      forwardedProto: 'https',
      link: 'https://lego.example.com/api/v1/users/<id>/',
      secure: true,
    },
  ],
  [
    'a public URL: links start with it, whatever the request says',
    {
      env: { HLP_PUBLIC_URL: 'https://dns.example.com/lego/' },
      host: 'evil.example',
      forwardedProto: 'http',
      link: 'https://dns.example.com/lego/api/v1/users/<id>/',
      secure: false,
    },
  ],
])('%s', (_name, { env, host, forwardedProto, link, secure }) => {
  it('links users and sets cookies accordingly', async () => {
    const environment = await createTestEnvironment('sqlite', { env });
    const testApp = await startTestApp(environment);
    try {
      const admin = await createAdmin(testApp.app, 'link-admin');
      const get = (path: string) => {
        const call = testApp.http.get(path).set('Host', host);
        return forwardedProto ? call.set('X-Forwarded-Proto', forwardedProto) : call;
      };
      const users = await get('/api/v1/users/').set('Authorization', admin.basic).expect(200);
      const [{ url }] = users.body as { url: string }[];
      const id = /\/(\d+)\/$/.exec(url)?.[1] ?? 'none';
      expect(url).toBe(link.replace('<id>', id));
      const one = await get(`/api/v1/users/${id}/`).set('Authorization', admin.basic).expect(200);
      expect(one.body.url).toBe(url);

      const signIn = await get('/admin/sign-in').expect(200);
      const [cookie] = signIn.headers['set-cookie'] as unknown as string[];
      expect(cookie.includes('; Secure')).toBe(secure);
    } finally {
      await testApp.close();
      await environment.cleanup();
    }
  });
});
