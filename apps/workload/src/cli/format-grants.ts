import type { UserGrants } from '../domains/domains.service';

/** The Python service's `list_domains` layout, kept so scripts reading it keep working. */
export function formatGrants(grants: readonly UserGrants[]): string {
  return grants
    .map((user) => {
      const lines = ['', `${user.username}:`];
      if (user.domains.length > 0) lines.push('    domains:', `        ${user.domains.join(', ')}`);
      if (user.subdomains.length > 0) {
        lines.push('    subdomains:', `        ${user.subdomains.join(', ')}`);
      }
      return `${lines.join('\n')}\n`;
    })
    .join('');
}
