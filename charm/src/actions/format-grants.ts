/** One user's grants, as `lego-provider list-domains --json` prints them. */
export interface UserGrants {
  readonly username: string;
  readonly domains: readonly string[];
  readonly subdomains: readonly string[];
}

/**
 * The Python charm's list-domains text, which scripts parse: per user, a blank line, the name,
 * then the sections that are not empty. The workload's text output is the same (a test runs both).
 */
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
