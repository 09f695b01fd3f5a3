import { AppError } from '../common/app-error';
import type { ChangeOutcome, RecordChange } from './record-change';
import { zoneFileName } from './zone-file';

/** What a request's log line says of its change: which name, what was done, and in which commit. */
export function changeLogFields(change: RecordChange, outcome: ChangeOutcome) {
  return {
    name: change.name,
    operation: change.kind,
    outcome: outcome.status,
    ...(outcome.status === 'applied' ? { commit: outcome.commit } : {}),
  };
}

/** The error a change that could not apply answers; undefined when it applied or was in place. */
export function outcomeError(name: string, outcome: ChangeOutcome): AppError | undefined {
  if (outcome.status === 'zone_not_found') {
    return new AppError(
      'zone_not_found',
      `no zone file in the repository covers ${name} (looked for ${outcome.candidates.map(zoneFileName).join(', ')}); is this zone configured for DNS?`,
    );
  }
  if (outcome.status === 'zone_invalid') {
    return new AppError(
      'zone_file_invalid',
      `${zoneFileName(outcome.zone)} cannot be edited safely: ${outcome.reason}`,
    );
  }
  return undefined;
}
