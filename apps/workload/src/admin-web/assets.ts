import { createHash } from 'node:crypto';

// The admin pages' only assets, served by the app itself (no CDN, no web fonts): a stylesheet and
// a small script that only adds comfort (keyboard shortcuts, confirmations, copy buttons).

const CSS = `
:root {
  color-scheme: light dark;
  --bg: #f6f7f9;
  --surface: #ffffff;
  --text: #1b1f24;
  --muted: #5b6470;
  --border: #d9dde3;
  --accent: #0a5cc2;
  --accent-text: #ffffff;
  --accent-soft: #e8f0fb;
  --danger: #b42318;
  --danger-soft: #fdecea;
  --success: #0b7a3b;
  --success-soft: #e6f4ec;
  --warning-soft: #fff6db;
  --focus: #f59e0b;
  --radius: 8px;
  --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, Ubuntu, Cantarell, "Noto Sans", "Helvetica Neue", Arial, sans-serif;
  font-size: 15px;
  line-height: 1.5;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #111418;
    --surface: #1a1f25;
    --text: #e6e9ed;
    --muted: #9aa4af;
    --border: #2e353d;
    --accent: #5b9ef0;
    --accent-text: #0b1220;
    --accent-soft: #1b2a3d;
    --danger: #f0857a;
    --danger-soft: #3a1d1a;
    --success: #5fd18f;
    --success-soft: #163322;
    --warning-soft: #3a3016;
  }
}
*, *::before, *::after { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--text); }
a { color: var(--accent); }
a:hover { text-decoration-thickness: 2px; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; border-radius: 4px; }
.skip { position: absolute; left: -999px; top: 0; background: var(--surface); padding: .5rem 1rem; z-index: 10; }
.skip:focus { left: .5rem; top: .5rem; }
code, .mono { font-family: var(--mono); font-size: .92em; }

.top { background: var(--surface); border-bottom: 1px solid var(--border); }
.top-inner { max-width: 72rem; margin: 0 auto; padding: .6rem 1.25rem; display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1.5rem; }
.brand { font-weight: 700; color: var(--text); text-decoration: none; letter-spacing: -.01em; display: flex; align-items: center; gap: .5rem; }
.brand-mark { display: inline-grid; place-items: center; width: 1.7rem; height: 1.7rem; border-radius: 6px; background: var(--accent); color: var(--accent-text); font-size: .8rem; }
.nav { display: flex; gap: .25rem; flex-wrap: wrap; }
.nav a { color: var(--muted); text-decoration: none; padding: .35rem .7rem; border-radius: 6px; font-weight: 500; }
.nav a:hover { color: var(--text); background: var(--bg); }
.nav a[aria-current="page"] { color: var(--accent); background: var(--accent-soft); }
.whoami { margin-left: auto; display: flex; align-items: center; gap: .75rem; color: var(--muted); font-size: .9rem; }
.whoami form { margin: 0; }

main { max-width: 72rem; margin: 0 auto; padding: 1.5rem 1.25rem 3rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; letter-spacing: -.02em; }
h2 { font-size: 1.1rem; margin: 0 0 .75rem; }
.lede { color: var(--muted); margin: 0 0 1.25rem; }
.page-head { display: flex; flex-wrap: wrap; align-items: baseline; gap: .5rem 1rem; margin-bottom: 1rem; }
.page-head .count { color: var(--muted); }

.card { background: var(--surface); border: 1px solid var(--border); border-radius: var(--radius); padding: 1.1rem 1.25rem; margin-bottom: 1.25rem; }
.card > :last-child { margin-bottom: 0; }
.grid { display: grid; gap: 1.25rem; grid-template-columns: minmax(0, 2fr) minmax(0, 1fr); align-items: start; }
@media (max-width: 60rem) { .grid { grid-template-columns: minmax(0, 1fr); } }

label { display: block; font-weight: 600; font-size: .9rem; margin-bottom: .25rem; }
.hint { color: var(--muted); font-size: .85rem; font-weight: 400; }
input[type="text"], input[type="password"], input[type="email"], input[type="search"], textarea {
  width: 100%; font: inherit; color: inherit; background: var(--surface); border: 1px solid var(--border);
  border-radius: 6px; padding: .5rem .65rem;
}
textarea { min-height: 6rem; font-family: var(--mono); font-size: .9rem; }
input:focus, textarea:focus { border-color: var(--accent); }
.field { margin-bottom: .9rem; }
.field-error { color: var(--danger); font-size: .85rem; margin-top: .25rem; }
fieldset { border: 0; padding: 0; margin: 0 0 .9rem; }
legend { font-weight: 600; font-size: .9rem; margin-bottom: .35rem; padding: 0; }
.choice { display: flex; gap: .5rem; align-items: baseline; font-weight: 400; margin-bottom: .3rem; }
.inline { display: flex; flex-wrap: wrap; gap: .5rem; align-items: end; }
.inline .field { margin-bottom: 0; flex: 1 1 12rem; }

.button, button {
  font: inherit; font-weight: 600; display: inline-flex; align-items: center; gap: .4rem; cursor: pointer;
  border-radius: 6px; padding: .48rem .9rem; border: 1px solid var(--accent); background: var(--accent);
  color: var(--accent-text); text-decoration: none; line-height: 1.3;
}
button:hover, .button:hover { filter: brightness(1.08); }
button.secondary { background: var(--surface); color: var(--text); border-color: var(--border); }
button.secondary:hover { background: var(--bg); }
button.danger { background: var(--surface); color: var(--danger); border-color: var(--danger); }
button.danger:hover { background: var(--danger-soft); }
button.link { background: none; border: 0; color: var(--accent); padding: 0; font-weight: 500; text-decoration: underline; }
button:disabled { opacity: .55; cursor: not-allowed; filter: none; }
.actions { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; }
.actions form { margin: 0; }

.notice { border-radius: var(--radius); padding: .75rem 1rem; margin-bottom: 1.25rem; border: 1px solid; }
.notice p { margin: 0; }
.notice p + p, .notice ul { margin-top: .35rem; }
.notice-success { background: var(--success-soft); border-color: var(--success); }
.notice-error { background: var(--danger-soft); border-color: var(--danger); }
.notice-secret { background: var(--warning-soft); border-color: var(--focus); }
.secret { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem; margin: .5rem 0; }
.secret code { font-size: 1.05rem; background: var(--surface); border: 1px solid var(--border); border-radius: 6px; padding: .35rem .6rem; user-select: all; word-break: break-all; }

table { width: 100%; border-collapse: collapse; }
th, td { text-align: left; padding: .55rem .6rem; border-bottom: 1px solid var(--border); vertical-align: top; }
th { font-size: .8rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); font-weight: 600; }
tbody tr:hover { background: var(--bg); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.table-wrap { overflow-x: auto; }
.empty { text-align: center; color: var(--muted); padding: 2rem 1rem; }
.empty strong { display: block; color: var(--text); font-size: 1.05rem; margin-bottom: .25rem; }

.badge { display: inline-block; font-size: .75rem; font-weight: 600; border-radius: 999px; padding: .05rem .55rem; border: 1px solid var(--border); color: var(--muted); white-space: nowrap; }
.badge-admin { color: var(--accent); border-color: var(--accent); background: var(--accent-soft); }
.badge-off { color: var(--danger); border-color: var(--danger); background: var(--danger-soft); }
.badge-present, .badge-update { color: var(--success); border-color: var(--success); background: var(--success-soft); }
.badge-cleanup { color: var(--muted); }
.chips { display: flex; flex-wrap: wrap; gap: .3rem; }
.chip { font-size: .85rem; border: 1px solid var(--border); border-radius: 999px; padding: .05rem .6rem; text-decoration: none; color: var(--text); }
.chip span { color: var(--muted); }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .35rem 1.25rem; margin: 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
.muted { color: var(--muted); }
label.plain { font-weight: 400; font-size: inherit; margin: 0; }
.spaced { margin-top: .75rem; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.search { display: flex; gap: .5rem; margin-bottom: 1rem; max-width: 32rem; }
kbd { font-family: var(--mono); font-size: .8rem; border: 1px solid var(--border); border-bottom-width: 2px; border-radius: 4px; padding: 0 .3rem; background: var(--surface); }
footer { max-width: 72rem; margin: 0 auto; padding: 0 1.25rem 2rem; color: var(--muted); font-size: .85rem; }

.sign-in { max-width: 24rem; margin: 8vh auto 0; }
.sign-in h1 { font-size: 1.35rem; margin-bottom: 1rem; }
.sign-in button { width: 100%; justify-content: center; margin-top: .25rem; }

@media (max-width: 40rem) {
  main { padding: 1rem .75rem 2rem; }
  .whoami { margin-left: 0; width: 100%; justify-content: space-between; }
  table.stack thead { display: none; }
  table.stack, table.stack tbody, table.stack tr, table.stack td { display: block; width: 100%; }
  table.stack tr { border: 1px solid var(--border); border-radius: var(--radius); margin-bottom: .75rem; padding: .35rem .25rem; background: var(--surface); }
  table.stack td { border: 0; padding: .25rem .6rem; display: flex; gap: .75rem; }
  table.stack td::before { content: attr(data-label); min-width: 6.5rem; color: var(--muted); font-size: .8rem; text-transform: uppercase; letter-spacing: .03em; padding-top: .15rem; }
  table.stack td.num { text-align: left; }
  .card { padding: .9rem; }
}
`;

const JS = `
(function () {
  'use strict';
  var SHORTCUTS = { u: '/admin/users', d: '/admin/domains', c: '/admin/changes' };
  var pendingG = 0;
  function typing(target) {
    return target instanceof HTMLElement &&
      (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }
  document.addEventListener('keydown', function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (typing(event.target)) {
      if (event.key === 'Escape') event.target.blur();
      return;
    }
    if (event.key === '/') {
      var search = document.querySelector('[data-search]');
      if (search) { event.preventDefault(); search.focus(); search.select(); }
      return;
    }
    if (event.key === 'g') { pendingG = Date.now(); return; }
    if (Date.now() - pendingG < 1500 && SHORTCUTS[event.key]) {
      event.preventDefault();
      window.location.assign(SHORTCUTS[event.key]);
    }
    pendingG = 0;
  });
  document.addEventListener('submit', function (event) {
    var message = event.target.getAttribute('data-confirm');
    if (message && !window.confirm(message)) event.preventDefault();
  });
  document.querySelectorAll('[data-copy]').forEach(function (button) {
    button.hidden = false;
    button.addEventListener('click', function () {
      var text = document.getElementById(button.getAttribute('data-copy')).textContent.trim();
      var done = function () { button.textContent = 'Copied'; };
      if (navigator.clipboard) navigator.clipboard.writeText(text).then(done, function () {});
    });
  });
  document.querySelectorAll('[data-select-all]').forEach(function (box) {
    box.addEventListener('change', function () {
      var name = box.getAttribute('data-select-all');
      document.querySelectorAll('input[type="checkbox"][name="' + name + '"]').forEach(function (item) {
        item.checked = box.checked;
      });
    });
  });
})();
`;

export interface Asset {
  readonly name: string;
  readonly type: string;
  readonly body: string;
}

function asset(base: string, extension: string, type: string, body: string): Asset {
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 10);
  return { name: `${base}.${hash}.${extension}`, type, body };
}

export const STYLESHEET = asset('admin', 'css', 'text/css; charset=utf-8', CSS.trim());
export const SCRIPT = asset('admin', 'js', 'text/javascript; charset=utf-8', JS.trim());

export const ASSETS: ReadonlyMap<string, Asset> = new Map(
  [STYLESHEET, SCRIPT].map((entry) => [entry.name, entry]),
);
