import type { User } from '../../accounts/user.entity';
import type { DomainPermission } from '../../domains/domain-permission.entity';
import { html, type SafeHtml } from '../html';
import { csrfField, errorList, notice, page, type PageContext, stackedTable, when } from './layout';

export type GrantLevel = 'domain' | 'subdomain' | 'both';

export interface GrantForm {
  readonly names?: string;
  readonly level?: GrantLevel;
  readonly note?: string;
  /** Lines of what went wrong (nothing was granted). */
  readonly errors?: readonly string[];
}

export interface UserView {
  readonly user: User;
  readonly grants: readonly DomainPermission[];
  /** A password just set, shown this once. */
  readonly password?: { readonly text: string; readonly reason: 'created' | 'reset' };
  readonly grantForm: GrantForm;
  readonly revokeErrors?: readonly string[];
}

function grantRows(view: UserView): SafeHtml[] {
  return view.grants.map((grant) => {
    const fqdn = grant.domain?.fqdn ?? '';
    const value = `${grant.accessLevel}:${fqdn}`;
    const id = `grant-${grant.id}`;
    return html`<tr>
      <td data-label="Select">
        <input
          type="checkbox"
          name="grant"
          value="${value}"
          id="${id}"
          aria-label="Select ${grant.accessLevel} access on ${fqdn}"
        />
      </td>
      <td data-label="Domain"><label for="${id}" class="mono plain">${fqdn}</label></td>
      <td data-label="Access">
        ${
          grant.accessLevel === 'domain'
            ? html`<span class="badge">domain</span> <span class="hint">exactly ${fqdn}</span>`
            : html`<span class="badge">subdomain</span>
                <span class="hint">names below ${fqdn}</span>`
        }
      </td>
      <td data-label="Note">${grant.text ?? html`<span class="muted">—</span>`}</td>
      <td data-label="Granted">${when(grant.createdAt, new Date())}</td>
    </tr>`;
  });
}

function actionButton(
  context: PageContext,
  action: string,
  label: string,
  options: { value?: string; style?: string; confirm?: string; disabled?: string } = {},
): SafeHtml {
  return html`<form
    method="post"
    action="${action}"
    ${options.confirm ? html` data-confirm="${options.confirm}"` : ''}
  >
    ${csrfField(context)}${options.value === undefined ? '' : html`<input type="hidden" name="value" value="${options.value}" />`}
    <button
      class="${options.style ?? 'secondary'}"
      type="submit"
      ${options.disabled ? html` disabled title="${options.disabled}"` : ''}
    >
      ${label}
    </button>
  </form>`;
}

export function userPage(context: PageContext, view: UserView): string {
  const { user, grantForm } = view;
  const base = `/admin/users/${user.id}`;
  const self = context.user?.id === user.id;
  const notYourself = self ? 'You cannot do this to your own account.' : undefined;
  const level = grantForm.level ?? 'subdomain';
  const secret = view.password
    ? notice(
        'secret',
        html`<p>
            <strong
              >${view.password.reason === 'created' ? `Created ${user.username}.` : `New password for ${user.username}.`}</strong
            >
            Give this password to its owner now: it is shown only once and cannot be recovered.
          </p>
          <div class="secret">
            <code id="new-password">${view.password.text}</code
            ><button class="secondary" type="button" data-copy="new-password" hidden>Copy</button>
          </div>`,
      )
    : '';
  const grantErrors = errorList('Nothing was granted:', grantForm.errors);
  const revokeErrors = errorList('Nothing was revoked:', view.revokeErrors);
  return page(
    context,
    user.username,
    'users',
    html`<p class="muted"><a href="/admin/users">Users</a> ›</p>
      <div class="page-head">
        <h1>${user.username}</h1>
        ${user.isAdmin ? html`<span class="badge badge-admin">admin</span>` : ''}${user.isActive ? '' : html`<span class="badge badge-off">deactivated</span>`}
      </div>
      ${secret}
      <div class="grid">
        <div>
          <section class="card" aria-labelledby="grants-title">
            <h2 id="grants-title">Grants</h2>
            ${revokeErrors}
            ${
              view.grants.length === 0
                ? html`<div class="empty">
                    <strong>No grants yet.</strong>${user.username} cannot present any record until
                    you grant a domain below.
                  </div>`
                : html`<form
                    method="post"
                    action="${base}/revoke"
                    data-confirm="Revoke the selected grants?"
                  >
                    ${csrfField(context)}
                    ${stackedTable(
                      html`<th>
                          <input
                            type="checkbox"
                            data-select-all="grant"
                            aria-label="Select every grant"
                          />
                        </th>
                        <th>Domain</th>
                        <th>Access</th>
                        <th>Note</th>
                        <th>Granted</th>`,
                      grantRows(view),
                    )}
                    <div class="actions spaced">
                      <button class="danger" type="submit">Revoke selected</button>
                    </div>
                  </form>`
            }
          </section>
          <section class="card" aria-labelledby="grant-title">
            <h2 id="grant-title">Grant access</h2>
            ${grantErrors}
            <form method="post" action="${base}/grants">
              ${csrfField(context)}
              <div class="field">
                <label for="names"
                  >Domains
                  <span class="hint"
                    >one or several: one per line, or separated by spaces or commas</span
                  ></label
                >
                <textarea
                  id="names"
                  name="names"
                  rows="3"
                  required
                  spellcheck="false"
                  autocapitalize="none"
                  placeholder="example.com&#10;example.org"
                >
${grantForm.names ?? ''}</textarea>
              </div>
              <fieldset>
                <legend>Access</legend>
                <label class="choice"
                  ><input
                    type="radio"
                    name="level"
                    value="subdomain"
                    ${level === 'subdomain' ? html` checked` : ''}
                  />
                  <span
                    ><strong>Subdomains</strong>
                    <span class="hint"
                      >— any name strictly below each domain (<code>a.example.com</code>,
                      <code>x.y.example.com</code>)</span
                    ></span
                  ></label
                >
                <label class="choice"
                  ><input
                    type="radio"
                    name="level"
                    value="domain"
                    ${level === 'domain' ? html` checked` : ''}
                  />
                  <span
                    ><strong>Domain</strong>
                    <span class="hint">— exactly each domain (<code>example.com</code>)</span></span
                  ></label
                >
                <label class="choice"
                  ><input
                    type="radio"
                    name="level"
                    value="both"
                    ${level === 'both' ? html` checked` : ''}
                  />
                  <span><strong>Both</strong></span></label
                >
              </fieldset>
              <div class="field">
                <label for="note"
                  >Note <span class="hint">(optional: why, a ticket, an owner)</span></label
                >
                <input
                  id="note"
                  name="note"
                  type="text"
                  maxlength="255"
                  value="${grantForm.note ?? ''}"
                />
              </div>
              <button type="submit">Grant</button>
            </form>
          </section>
        </div>
        <div>
          <section class="card" aria-labelledby="account-title">
            <h2 id="account-title">Account</h2>
            <dl class="facts">
              <dt>Email</dt>
              <dd>${user.email || html`<span class="muted">—</span>`}</dd>
              <dt>Role</dt>
              <dd>${user.isAdmin ? 'Administrator' : 'Client'}</dd>
              <dt>Status</dt>
              <dd>${user.isActive ? 'Active' : 'Deactivated'}</dd>
              <dt>Last seen</dt>
              <dd>${when(user.lastLoginAt, context.now)}</dd>
              <dt>Created</dt>
              <dd>${when(user.createdAt, context.now)}</dd>
            </dl>
          </section>
          <section class="card" aria-labelledby="actions-title">
            <h2 id="actions-title">Actions</h2>
            <div class="actions">
              ${actionButton(context, `${base}/password`, 'Reset password', { confirm: `Set a new password for ${user.username}? The current one stops working, and so do their tokens.` })}
              ${
                user.isActive
                  ? actionButton(context, `${base}/active`, 'Deactivate', {
                      value: 'false',
                      style: 'danger',
                      confirm: `Deactivate ${user.username}? Their password and tokens stop working at once.`,
                      disabled: notYourself,
                    })
                  : actionButton(context, `${base}/active`, 'Reactivate', { value: 'true' })
              }
              ${
                user.isAdmin
                  ? actionButton(context, `${base}/admin`, 'Remove admin', {
                      value: 'false',
                      confirm: `Take administration rights away from ${user.username}?`,
                      disabled: notYourself,
                    })
                  : actionButton(context, `${base}/admin`, 'Make admin', {
                      value: 'true',
                      confirm: `Let ${user.username} administer users, domains and grants?`,
                    })
              }
              ${actionButton(context, `${base}/delete`, 'Delete user', { style: 'danger', confirm: `Delete ${user.username} and all their grants? This cannot be undone.`, disabled: notYourself })}
            </div>
          </section>
        </div>
      </div>`,
  );
}
