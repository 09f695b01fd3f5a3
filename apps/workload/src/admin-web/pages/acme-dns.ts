import type {
  AcmeDnsAccountSummary,
  AcmeDnsRegistration,
} from '../../administration/administration.service';
import { html } from '../html';
import {
  csrfField,
  fieldError,
  notice,
  page,
  type PageContext,
  stackedTable,
  when,
} from './layout';

export interface AcmeDnsForm {
  readonly allowfrom?: string;
  readonly domain?: string;
  readonly errors?: Readonly<Record<string, string>>;
}

export interface AcmeDnsView {
  readonly accounts: readonly AcmeDnsAccountSummary[];
  readonly form: AcmeDnsForm;
  /** An account just registered: what its client stores, shown this once. */
  readonly registered?: AcmeDnsRegistration & { readonly domain?: string };
}

/** One optional text field of the register form, with its hint and its error. */
function optionalField(
  form: AcmeDnsForm,
  name: 'allowfrom' | 'domain',
  field: { label: string; maxlength: number; placeholder: string; hint: string },
) {
  const error = form.errors?.[name];
  return html`<div class="field">
    <label for="${name}">${field.label} <span class="hint">(optional)</span></label>
    <input
      id="${name}"
      name="${name}"
      type="text"
      maxlength="${field.maxlength}"
      autocapitalize="none"
      spellcheck="false"
      placeholder="${field.placeholder}"
      value="${form[name] ?? ''}"
      aria-describedby="${name}-hint"
      ${error ? html` aria-invalid="true" autofocus` : ''}
    />
    <div id="${name}-hint" class="hint">${field.hint}</div>
    ${fieldError(error)}
  </div>`;
}

function registeredNotice(registered: NonNullable<AcmeDnsView['registered']>) {
  const { account, domain } = registered;
  return notice(
    'secret',
    html`<p>
        <strong>Registered ${account.username}.</strong>
        Give this to the account’s client now (lego’s <code>ACME_DNS_STORAGE_PATH</code> file,
        cert-manager’s <code>accountSecretRef</code>): its key is shown only once and cannot be
        recovered.
      </p>
      <div class="secret">
        <pre><code id="acme-dns-storage">${JSON.stringify(registered.stored, null, 2)}</code></pre>
        <button class="secondary" type="button" data-copy="acme-dns-storage" hidden>Copy</button>
      </div>
      <p>
        Then point <code>_acme-challenge.${domain ?? '<name>'}</code> (CNAME) at
        <code>${account.fulldomain}</code>.
      </p>`,
  );
}

export function acmeDnsPage(context: PageContext, view: AcmeDnsView): string {
  const { accounts, form } = view;
  const rows = accounts.map(
    (account) =>
      html`<tr>
        <td data-label="Account">
          <a class="mono" href="/admin/users/${account.id}">${account.username}</a>
        </td>
        <td data-label="Name"><span class="mono">${account.fulldomain}</span></td>
        <td data-label="Allowed from">
          ${account.allowfrom.length ? account.allowfrom.join(', ') : html`<span class="muted">anywhere</span>`}
        </td>
        <td data-label="Registered">${when(account.createdAt, context.now)}</td>
        <td data-label="">
          <form
            method="post"
            action="/admin/acme-dns/${account.id}/delete"
            data-confirm="Delete the acme-dns account ${account.username}? Its client can no longer update ${account.fulldomain}."
          >
            ${csrfField(context)}<button
              class="link"
              type="submit"
              aria-label="Delete ${account.username}"
            >
              Delete
            </button>
          </form>
        </td>
      </tr>`,
  );
  return page(
    context,
    'acme-dns accounts',
    'acme-dns',
    html`${view.registered ? registeredNotice(view.registered) : ''}
      <div class="page-head">
        <h1>acme-dns accounts</h1>
        <span class="count"
          >${accounts.length} ${accounts.length === 1 ? 'account' : 'accounts'}</span
        >
      </div>
      <p class="lede">
        Each account is a user granted exactly one name, which its clients’
        <code>_acme-challenge</code> CNAMEs point at. Registering here works whatever
        <code>HLP_ACMEDNS_REGISTRATION</code> says.
      </p>
      <div class="grid">
        <section class="card" aria-label="All acme-dns accounts">
          ${
            accounts.length === 0
              ? html`<div class="empty">
                  <strong>No acme-dns accounts yet.</strong>Register one with the form on this page.
                </div>`
              : stackedTable(
                  html`<th>Account</th>
                    <th>Name</th>
                    <th>Allowed from</th>
                    <th>Registered</th>
                    <th><span class="sr-only">Actions</span></th>`,
                  rows,
                )
          }
        </section>
        <section class="card" aria-labelledby="new-account">
          <h2 id="new-account">Register an account</h2>
          <form method="post" action="/admin/acme-dns">
            ${csrfField(context)}
            ${optionalField(form, 'allowfrom', {
              label: 'Allowed from',
              maxlength: 2048,
              placeholder: '10.0.0.0/8, 2001:db8::/32',
              hint: 'Networks its client may update from, comma-separated; none: anywhere.',
            })}
            ${optionalField(form, 'domain', {
              label: 'Domain',
              maxlength: 255,
              placeholder: 'example.com',
              hint: 'The name it validates: shows lego’s and cert-manager’s storage file for it.',
            })}
            <button type="submit">Register account</button>
            <p class="hint">Its key is shown once.</p>
          </form>
        </section>
      </div>`,
  );
}
