import type { User } from '../../accounts/user.entity';
import type { AssetLinks } from '../assets';
import type { Flash } from '../admin-cookies';
import { CSRF_FIELD } from '../admin-csrf';
import { html, type HtmlValue, type SafeHtml } from '../html';

export type Section = 'users' | 'domains' | 'acme-dns' | 'changes';

/** What every page needs to know about the request it answers. */
export interface PageContext {
  /** The signed-in administrator; absent on the sign-in and some error pages. */
  readonly user?: User;
  /** The token every form of the page carries. */
  readonly csrf: string;
  readonly flash?: Flash | null;
  readonly now: Date;
  readonly assets: AssetLinks;
  /** Whether the acme-dns API is on: its accounts' page is in the navigation then. */
  readonly acmeDns?: boolean;
}

export function csrfField(context: Pick<PageContext, 'csrf'>): SafeHtml {
  return html`<input type="hidden" name="${CSRF_FIELD}" value="${context.csrf}" />`;
}

const NAV: [Section, string, string][] = [
  ['users', '/admin/users', 'Users'],
  ['domains', '/admin/domains', 'Domains'],
  ['acme-dns', '/admin/acme-dns', 'acme-dns'],
  ['changes', '/admin/changes', 'Recent changes'],
];

export function notice(kind: 'success' | 'error' | 'secret', body: HtmlValue): SafeHtml {
  return html`<div class="notice notice-${kind}" role="${kind === 'error' ? 'alert' : 'status'}">
    ${body}
  </div>`;
}

/** An error notice listing why a form did nothing, or nothing when there is no error. */
export function errorList(title: string, lines: readonly string[] | undefined): SafeHtml | '' {
  if (!lines?.length) return '';
  return notice(
    'error',
    html`<p>${title}</p>
      <ul>
        ${lines.map((line) => html`<li>${line}</li>`)}
      </ul>`,
  );
}

/** A list page's search box; `/` focuses it (admin.js looks for data-search). */
export function searchForm(action: string, value: string, noun: string): SafeHtml {
  return html`<form class="search" method="get" action="${action}" role="search">
    <input
      type="search"
      name="q"
      value="${value}"
      placeholder="Search ${noun} (press /)"
      aria-label="Search ${noun}"
      data-search
    />
    <button class="secondary" type="submit">Search</button>
  </form>`;
}

/** A table that stacks into cards on narrow screens: `head` is the header row's cells. */
export function stackedTable(head: SafeHtml, rows: HtmlValue): SafeHtml {
  return html`<div class="table-wrap">
    <table class="stack">
      <thead>
        <tr>
          ${head}
        </tr>
      </thead>
      <tbody>
        ${rows}
      </tbody>
    </table>
  </div>`;
}

export function page(
  context: PageContext,
  title: string,
  section: Section | undefined,
  body: SafeHtml,
): string {
  const { user } = context;
  const header = user
    ? html`<header class="top">
        <div class="top-inner">
          <a class="brand" href="/admin/users"
            ><span class="brand-mark" aria-hidden="true">_a</span>lego provider</a
          >
          <nav class="nav" aria-label="Sections">
            ${NAV.filter(([key]) => key !== 'acme-dns' || context.acmeDns).map(
              ([key, href, label]) =>
                html`<a href="${href}" ${key === section ? html` aria-current="page"` : ''}
                  >${label}</a
                >`,
            )}
          </nav>
          <div class="whoami">
            <span>Signed in as <strong>${user.username}</strong></span>
            <form method="post" action="/admin/sign-out">
              ${csrfField(context)}<button class="secondary" type="submit">Sign out</button>
            </form>
          </div>
        </div>
      </header>`
    : html`<header class="top">
        <div class="top-inner">
          <span class="brand"
            ><span class="brand-mark" aria-hidden="true">_a</span>lego provider</span
          >
        </div>
      </header>`;
  const flash = context.flash ? notice(context.flash.kind, html`<p>${context.flash.text}</p>`) : '';
  const footer = user
    ? html`<footer>
        Keyboard: <kbd>/</kbd> search · <kbd>g</kbd> <kbd>u</kbd> users · <kbd>g</kbd>
        <kbd>d</kbd> domains · <kbd>g</kbd> <kbd>c</kbd> recent changes · API reference at
        <a href="/api/docs">/api/docs</a>
      </footer>`
    : '';
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} · httprequest-lego-provider</title>
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href="${context.assets.stylesheet}" />
        <script src="${context.assets.script}" defer></script>
      </head>
      <body>
        <a class="skip" href="#main">Skip to content</a>
        ${header}
        <main id="main">${flash}${body}</main>
        ${footer}
      </body>
    </html> `.text;
}

/** "3 min ago", with the exact time on hover and for machines. */
export function when(date: Date | null | undefined, now: Date, never = 'never'): SafeHtml {
  if (!date) return html`<span class="muted">${never}</span>`;
  const seconds = Math.round((now.getTime() - date.getTime()) / 1000);
  const ago =
    seconds < 45
      ? 'just now'
      : seconds < 90 * 60
        ? `${Math.max(1, Math.round(seconds / 60))} min ago`
        : seconds < 36 * 3600
          ? `${Math.round(seconds / 3600)} h ago`
          : seconds < 45 * 86400
            ? `${Math.round(seconds / 86400)} days ago`
            : date.toISOString().slice(0, 10);
  const exact = `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
  return html`<time datetime="${date.toISOString()}" title="${exact}">${ago}</time>`;
}

export function fieldError(message: string | undefined): SafeHtml | '' {
  return message ? html`<div class="field-error">${message}</div>` : '';
}
