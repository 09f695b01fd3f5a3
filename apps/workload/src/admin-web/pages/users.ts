import type { User } from '../../accounts/user.entity';
import { html } from '../html';
import {
  csrfField,
  fieldError,
  page,
  type PageContext,
  searchForm,
  stackedTable,
  when,
} from './layout';

export interface NewUserForm {
  readonly username?: string;
  readonly email?: string;
  readonly errors?: Readonly<Record<string, string>>;
}

export interface UsersView {
  readonly users: readonly User[];
  readonly grantCounts: ReadonlyMap<number, number>;
  readonly search: string;
  /** More users matched than are shown. */
  readonly truncated: boolean;
  readonly form: NewUserForm;
}

function badges(user: User) {
  return html`${user.isAdmin ? html`<span class="badge badge-admin">admin</span> ` : ''}${user.isActive ? '' : html`<span class="badge badge-off">deactivated</span>`}`;
}

export function usersPage(context: PageContext, view: UsersView): string {
  const { users, search, form } = view;
  const rows = users.map(
    (user) =>
      html`<tr>
        <td data-label="User">
          <a href="/admin/users/${user.id}"><strong>${user.username}</strong></a> ${badges(user)}
        </td>
        <td data-label="Email">${user.email || html`<span class="muted">—</span>`}</td>
        <td data-label="Grants" class="num">${view.grantCounts.get(user.id) ?? 0}</td>
        <td data-label="Last seen">${when(user.lastLoginAt, context.now)}</td>
        <td data-label="Created">${when(user.createdAt, context.now)}</td>
      </tr>`,
  );
  const empty = search
    ? html`<div class="empty">
        <strong>No user matches “${search}”.</strong>Search looks in usernames and email addresses.
        <a href="/admin/users">Show every user</a>
      </div>`
    : html`<div class="empty">
        <strong>No users yet.</strong>Create the first one with the form on this page.
      </div>`;
  return page(
    context,
    'Users',
    'users',
    html`<div class="page-head">
        <h1>Users</h1>
        <span class="count"
          >${users.length}${view.truncated ? '+' : ''}
          ${search ? 'found' : users.length === 1 ? 'user' : 'users'}</span
        >
      </div>
      <div class="grid">
        <section class="card" aria-label="All users">
          ${searchForm('/admin/users', search, 'users')}
          ${
            users.length === 0
              ? empty
              : html`${stackedTable(
                  html`<th>User</th>
                    <th>Email</th>
                    <th class="num">Grants</th>
                    <th>Last seen</th>
                    <th>Created</th>`,
                  rows,
                )}
                ${view.truncated ? html`<p class="hint">Only the newest ${users.length} are shown: search to narrow the list.</p>` : ''}`
          }
        </section>
        <section class="card" aria-labelledby="new-user">
          <h2 id="new-user">New user</h2>
          <form method="post" action="/admin/users">
            ${csrfField(context)}
            <div class="field">
              <label for="new-username">Username</label>
              <input
                id="new-username"
                name="username"
                type="text"
                required
                maxlength="150"
                autocomplete="off"
                autocapitalize="none"
                spellcheck="false"
                value="${form.username ?? ''}"
                aria-describedby="new-username-hint"
                ${form.errors?.username ? html` aria-invalid="true" autofocus` : ''}
              />
              <div id="new-username-hint" class="hint">
                Letters, digits and <code>. @ + - _</code>.
              </div>
              ${fieldError(form.errors?.username)}
            </div>
            <div class="field">
              <label for="new-email">Email <span class="hint">(optional)</span></label>
              <input
                id="new-email"
                name="email"
                type="email"
                maxlength="254"
                autocomplete="off"
                value="${form.email ?? ''}"
                ${form.errors?.email ? html` aria-invalid="true"` : ''}
              />
              ${fieldError(form.errors?.email)}
            </div>
            <button type="submit">Create user</button>
            <p class="hint">A password is generated and shown once.</p>
          </form>
        </section>
      </div>`,
  );
}
