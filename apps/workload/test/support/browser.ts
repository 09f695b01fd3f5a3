import type { Response } from 'supertest';
import type { TestApp } from './test-app';
import type { TestUser } from './users';

export const HOST = '127.0.0.1:8000';

/** A browser, as far as cookies and forms go. */
export class Browser {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly testApp: () => TestApp) {}

  private remember(response: Response): Response {
    for (const line of ([] as string[]).concat(response.headers['set-cookie'] ?? [])) {
      const [pair] = line.split(';');
      const [name, value] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)];
      if (value === '' || /Expires=Thu, 01 Jan 1970/.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  get cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  has(name: string): boolean {
    return this.cookies.has(name);
  }

  async get(path: string): Promise<Response> {
    return this.remember(
      await this.testApp().http.get(path).set('Host', HOST).set('Cookie', this.cookieHeader),
    );
  }

  async post(
    path: string,
    form: Record<string, string | string[]>,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    return this.remember(
      await this.testApp()
        .http.post(path)
        .set('Host', HOST)
        .set('Cookie', this.cookieHeader)
        .set(headers)
        .type('form')
        .send(form),
    );
  }

  /** Fills in a form of the page at `path` (its CSRF token) and submits it. */
  async submit(
    path: string,
    action: string,
    form: Record<string, string | string[]>,
  ): Promise<Response> {
    const page = await this.get(path);
    return this.post(action, { _csrf: csrfOf(page.text), ...form });
  }

  async signIn(user: TestUser): Promise<Response> {
    return this.submit('/admin/sign-in', '/admin/sign-in', {
      username: user.username,
      password: user.password,
      next: '/admin/users',
    });
  }
}

export function csrfOf(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error(`no CSRF token in the page:\n${html.slice(0, 500)}`);
  return match[1];
}
