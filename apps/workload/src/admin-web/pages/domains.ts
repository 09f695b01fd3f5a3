import type { DomainSummary } from '../../administration/administration.service';
import { html } from '../html';
import { csrfField, fieldError, page, type PageContext, searchForm, stackedTable } from './layout';

export interface DomainsView {
  readonly domains: readonly DomainSummary[];
  readonly search: string;
  readonly form: { readonly fqdn?: string; readonly error?: string };
}

export function domainsPage(context: PageContext, view: DomainsView): string {
  const rows = view.domains.map(
    ({ domain, holders }) =>
      html`<tr>
        <td data-label="Domain"><span class="mono">${domain.fqdn}</span></td>
        <td data-label="Who may manage it">
          ${
            holders.length === 0
              ? html`<span class="muted">nobody</span>`
              : html`<div class="chips">
                  ${holders.map(
                    (holder) =>
                      html`<a class="chip" href="/admin/users/${holder.userId}"
                        >${holder.username} <span>· ${holder.accessLevel}</span></a
                      >`,
                  )}
                </div>`
          }
        </td>
        <td data-label="">
          <form
            method="post"
            action="/admin/domains/${domain.id}/delete"
            data-confirm="Delete ${domain.fqdn}${holders.length > 0 ? ` and its ${holders.length} grant(s)` : ''}?"
          >
            ${csrfField(context)}<button
              class="link"
              type="submit"
              aria-label="Delete ${domain.fqdn}"
            >
              Delete
            </button>
          </form>
        </td>
      </tr>`,
  );
  const empty = view.search
    ? html`<div class="empty">
        <strong>No domain matches “${view.search}”.</strong
        ><a href="/admin/domains">Show every domain</a>
      </div>`
    : html`<div class="empty">
        <strong>No domains yet.</strong>Domains appear here when you grant them to a user, or add
        them with the form on this page.
      </div>`;
  return page(
    context,
    'Domains',
    'domains',
    html`<div class="page-head">
        <h1>Domains</h1>
        <span class="count"
          >${view.domains.length} ${view.domains.length === 1 ? 'domain' : 'domains'}</span
        >
      </div>
      <p class="lede">
        Grants are given on a user’s page. Deleting a domain takes back every grant on it.
      </p>
      <div class="grid">
        <section class="card" aria-label="All domains">
          ${searchForm('/admin/domains', view.search, 'domains')}
          ${
            view.domains.length === 0
              ? empty
              : stackedTable(
                  html`<th>Domain</th>
                    <th>Who may manage it</th>
                    <th><span class="sr-only">Actions</span></th>`,
                  rows,
                )
          }
        </section>
        <section class="card" aria-labelledby="new-domain">
          <h2 id="new-domain">Add a domain</h2>
          <form method="post" action="/admin/domains">
            ${csrfField(context)}
            <div class="field">
              <label for="fqdn">Domain</label>
              <input
                id="fqdn"
                name="fqdn"
                type="text"
                required
                maxlength="255"
                autocapitalize="none"
                spellcheck="false"
                placeholder="example.com"
                value="${view.form.fqdn ?? ''}"
                ${view.form.error ? html` aria-invalid="true" autofocus` : ''}
              />
              ${fieldError(view.form.error)}
            </div>
            <button type="submit">Add domain</button>
          </form>
        </section>
      </div>`,
  );
}
