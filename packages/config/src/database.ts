import { OptionValueError } from './option';

export type Database =
  | { readonly type: 'postgres'; readonly url: string; readonly redacted: string }
  | { readonly type: 'sqlite'; readonly path: string; readonly redacted: string };

/**
 * Reads a database location: `postgres://` or `postgresql://` URLs (what the Juju PostgreSQL
 * integration provides), or `sqlite:<path>` (`sqlite::memory:` for a throwaway database).
 */
export function parseDatabase(raw: string): Database {
  const value = raw.trim();
  if (value.startsWith('sqlite:')) {
    const path = value.slice('sqlite:'.length);
    if (path === '') throw new OptionValueError('sqlite: needs a file path, or :memory:');
    return { type: 'sqlite', path, redacted: value };
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new OptionValueError('must be a postgresql:// URL or sqlite:<path>');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new OptionValueError('must be a postgresql:// URL or sqlite:<path>');
  }
  if (!url.hostname && !url.searchParams.get('host')) {
    throw new OptionValueError('a postgresql:// URL needs a host');
  }
  if (url.pathname === '' || url.pathname === '/') {
    throw new OptionValueError('a postgresql:// URL needs a database name');
  }
  const redacted = new URL(value);
  if (redacted.password) redacted.password = '***';
  return { type: 'postgres', url: value, redacted: redacted.toString() };
}
