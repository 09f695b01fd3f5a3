/** What an import did, or would do (dry run), and what it left out and why. */
export interface ImportReport {
  readonly users: Counts;
  readonly domains: Counts;
  readonly grants: Counts;
  readonly skipped: string[];
  readonly dryRun: boolean;
}

export interface Counts {
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
}

export function emptyCounts(): Counts {
  return { created: 0, updated: 0, unchanged: 0, skipped: 0 };
}

function line(kind: string, counts: Counts): string {
  return `${kind}: ${counts.created} created, ${counts.updated} updated, ${counts.unchanged} unchanged, ${counts.skipped} skipped`;
}

export function formatImportReport(report: ImportReport): string {
  const lines = [
    line('Users', report.users),
    line('Domains', report.domains),
    line('Grants', report.grants),
  ];
  if (report.skipped.length > 0)
    lines.push('Skipped:', ...report.skipped.map((reason) => `  ${reason}`));
  if (report.dryRun) lines.push('Dry run: nothing was changed.');
  return `${lines.join('\n')}\n`;
}
