import type { ChangeOutcome, RecordChange } from './record-change';
import { addTxtRecord, bumpSoaSerial, findZone, removeTxtRecord, ZoneFileError } from './zone-file';

export interface ApplyOptions {
  readonly ttl: number;
  readonly bumpSerial: boolean;
}

/** What a batch does to the zone files, before anything is committed. */
export interface AppliedBatch {
  /** New text of each zone file that changed. */
  readonly files: ReadonlyMap<string, string>;
  /** Per change, in order; `applied` ones still need their commit id. */
  readonly outcomes: readonly (
    ChangeOutcome | { readonly status: 'pending'; readonly zone: string }
  )[];
}

/** Every suffix of a name: the zone files that could hold it, longest first. */
export function zoneCandidates(name: string): string[] {
  const labels = name.split('.');
  return labels.map((_, i) => labels.slice(i).join('.'));
}

/**
 * Applies a batch of changes, in order, to the zone files. Pure: `read` gives a zone file's
 * current text, and nothing is written. A change that cannot apply (no zone, a zone file that
 * cannot be parsed) gets its outcome and leaves the others alone.
 */
export function applyChanges(
  changes: readonly RecordChange[],
  zones: ReadonlySet<string>,
  read: (zone: string) => string,
  options: ApplyOptions,
): AppliedBatch {
  const files = new Map<string, string>();
  const broken = new Map<string, string>();
  const outcomes = changes.map((change) => {
    const zone = findZone(change.name, zones);
    if (!zone)
      return { status: 'zone_not_found', candidates: zoneCandidates(change.name) } as const;
    if (broken.has(zone))
      return { status: 'zone_invalid', zone, reason: broken.get(zone)! } as const;
    try {
      const text = files.get(zone) ?? read(zone);
      const edit =
        change.kind === 'present'
          ? addTxtRecord(text, zone, change.name, change.value, options.ttl)
          : removeTxtRecord(text, zone, change.name, change.value);
      if (!edit.changed) return { status: 'unchanged', zone } as const;
      files.set(zone, edit.text);
      return { status: 'pending', zone } as const;
    } catch (error) {
      if (!(error instanceof ZoneFileError)) throw error;
      broken.set(zone, error.message);
      return { status: 'zone_invalid', zone, reason: error.message } as const;
    }
  });
  if (options.bumpSerial) {
    for (const [zone, text] of files) files.set(zone, bumpSoaSerial(text, zone).text);
  }
  return { files, outcomes };
}

/** The commit message: one line per change, naming the name, the value and the user. */
export function commitMessage(
  changes: readonly RecordChange[],
  outcomes: AppliedBatch['outcomes'],
): string {
  const applied = changes.filter((_, i) => outcomes[i].status === 'pending');
  const lines = applied.map(
    (change) => `${change.kind} ${change.name} TXT "${change.value}" (by ${change.username})`,
  );
  // The Python service's subject for a single change, so existing tooling still reads it.
  const subject =
    applied.length === 1
      ? `${applied[0].kind === 'present' ? 'Add' : 'Remove'} ${applied[0].name} record`
      : `Update ${applied.length} ACME challenge records`;
  return `${subject}\n\n${lines.join('\n')}\n`;
}
