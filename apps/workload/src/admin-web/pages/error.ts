import { html } from '../html';
import { page, type PageContext } from './layout';

export function errorPage(context: PageContext, title: string, message: string): string {
  return page(
    context,
    title,
    undefined,
    html`<div class="card">
      <h1>${title}</h1>
      <p>${message}</p>
      <p>
        <a href="${context.user ? '/admin/users' : '/admin/sign-in'}"
          >${context.user ? 'Back to the users' : 'Go to the sign-in page'}</a
        >
      </p>
    </div>`,
  );
}
