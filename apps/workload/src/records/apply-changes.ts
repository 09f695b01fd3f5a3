import type { ChangeKind, ChangeOutcome, RecordChange } from './record-change';
import { bumpSerial, editZone, findZone, ZoneFileError, type ZoneModel } from './zone-file';

export interface ApplyOptions {
  readonly ttl: number;
  readonly bumpSerial: boolean;
}

/** What a batch does to the zone files, before anything is committed. */
export interface AppliedBatch {
  /** New text of each zone file that changed. */
  readonly files: ReadonlyMap<string, string>;
  /** Each zone read, as edited (they were edited in place). */
  readonly models: ReadonlyMap<string, ZoneModel>;
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
 * Applies a batch of changes, in order, to the zone files, reading each zone once. `read` gives a
 * zone file as it is now, parsed, for this batch to edit in place; nothing is written. A change
 * that cannot apply (no zone, a zone file that cannot be parsed) gets its outcome and leaves the
 * others alone.
 */
export function applyChanges(
  changes: readonly RecordChange[],
  zones: ReadonlySet<string>,
  read: (zone: string) => ZoneModel,
  options: ApplyOptions,
): AppliedBatch {
  const outcomes: AppliedBatch['outcomes'][number][] = [];
  const byZone = new Map<string, number[]>();
  changes.forEach((change, i) => {
    const zone = findZone(change.name, zones);
    if (!zone) {
      outcomes[i] = { status: 'zone_not_found', candidates: zoneCandidates(change.name) };
      return;
    }
    byZone.set(zone, [...(byZone.get(zone) ?? []), i]);
  });
  const files = new Map<string, string>();
  const models = new Map<string, ZoneModel>();
  for (const [zone, indices] of byZone) {
    try {
      const model = read(zone);
      models.set(zone, model);
      const original = model.text;
      const edited = editZone(
        model,
        indices.map((i) => changes[i]),
        options.ttl,
      );
      // A value presented and cleaned up within one batch leaves the file as it was.
      const changed = model.text !== original;
      indices.forEach((i, k) => {
        outcomes[i] =
          changed && edited[k] ? { status: 'pending', zone } : { status: 'unchanged', zone };
      });
      if (!changed) continue;
      if (options.bumpSerial) bumpSerial(model);
      files.set(zone, model.text);
    } catch (error) {
      if (!(error instanceof ZoneFileError)) throw error;
      for (const i of indices)
        outcomes[i] = { status: 'zone_invalid', zone, reason: error.message };
    }
  }
  return { files, models, outcomes };
}

const SUBJECT_VERBS: Record<ChangeKind, string> = {
  present: 'Add',
  cleanup: 'Remove',
  update: 'Update',
};

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
      ? `${SUBJECT_VERBS[applied[0].kind]} ${applied[0].name} record`
      : `Update ${applied.length} ACME challenge records`;
  return `${subject}\n\n${lines.join('\n')}\n`;
}
