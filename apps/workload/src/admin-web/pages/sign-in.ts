import { html } from '../html';
import { csrfField, notice, page, type PageContext } from './layout';

export interface SignInForm {
  readonly next: string;
  readonly username?: string;
  readonly error?: string;
}

export function signInPage(context: PageContext, form: SignInForm): string {
  return page(
    context,
    'Sign in',
    undefined,
    html`<div class="sign-in card">
      <h1>Sign in to administer</h1>
      ${form.error ? notice('error', html`<p>${form.error}</p>`) : ''}
      <form method="post" action="/admin/sign-in" novalidate>
        ${csrfField(context)}
        <input type="hidden" name="next" value="${form.next}" />
        <div class="field">
          <label for="username">Username</label>
          <input
            id="username"
            name="username"
            type="text"
            autocomplete="username"
            autocapitalize="none"
            spellcheck="false"
            required${form.username ? '' : html` autofocus`}
            value="${form.username ?? ''}"
          />
        </div>
        <div class="field">
          <label for="password">Password</label>
          <input
            id="password"
            name="password"
            type="password"
            autocomplete="current-password"
            required${form.username ? html` autofocus` : ''}
          />
        </div>
        <button type="submit">Sign in</button>
      </form>
      <p class="hint">
        Only administrators can sign in here. Lost the password?
        <code>lego-provider create-superuser &lt;name&gt;</code> sets a new one.
      </p>
    </div>`,
  );
}
