import type { RecentChange } from '../../records/recent-changes';
import { html } from '../html';
import { notice, page, type PageContext, stackedTable, when } from './layout';

export interface ChangesView {
  readonly changes: readonly RecentChange[];
  /** Why the log could not be read. */
  readonly error?: string;
  readonly repository: string;
  readonly userIds: ReadonlyMap<string, number>;
}

export function changesPage(context: PageContext, view: ChangesView): string {
  const rows = view.changes.map((change) => {
    const id = view.userIds.get(change.username);
    return html`<tr>
      <td data-label="When">${when(change.time, context.now)}</td>
      <td data-label="Who">
        ${id === undefined ? change.username : html`<a href="/admin/users/${id}">${change.username}</a>`}
      </td>
      <td data-label="What">
        <span class="badge badge-${change.kind}"
          >${change.kind === 'other' ? 'other commit' : change.kind}</span
        >
      </td>
      <td data-label="Name">
        <span class="${change.kind === 'other' ? '' : 'mono'}">${change.name}</span
        >${change.value === undefined ? '' : html`<div class="hint mono" title="TXT value">${change.value.length > 24 ? `${change.value.slice(0, 24)}…` : change.value}</div>`}
      </td>
      <td data-label="Commit">
        <span class="mono muted" title="${change.commit}">${change.commit.slice(0, 8)}</span>
      </td>
    </tr>`;
  });
  const body = view.error
    ? notice('error', html`<p>${view.error}</p>`)
    : view.changes.length === 0
      ? html`<div class="empty">
          <strong>No record changes yet.</strong>They appear here when clients call
          <code>/present</code> and <code>/cleanup</code>.
        </div>`
      : stackedTable(
          html`<th>When</th>
            <th>Who</th>
            <th>What</th>
            <th>Name</th>
            <th>Commit</th>`,
          rows,
        );
  return page(
    context,
    'Recent changes',
    'changes',
    html`<div class="page-head">
        <h1>Recent changes</h1>
        <span class="count">latest ${view.changes.length}</span>
      </div>
      <p class="lede">
        From the commit log of <span class="mono">${view.repository}</span>, as this unit last saw
        it. Read-only.
      </p>
      <section class="card" aria-label="Record changes">${body}</section>`,
  );
}
