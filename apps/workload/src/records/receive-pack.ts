/**
 * Git's push protocol (version 0) as `git receive-pack` speaks it, for one ref: the request (the
 * update, then the pack) and the report it answers. No side-band: the remote's messages (its
 * hooks') go to its stderr, never into the report.
 */

export interface RefUpdate {
  /** The id the ref must hold for the update to happen: the tip the commit was built on. */
  readonly old: string;
  readonly new: string;
  /** `refs/heads/<branch>`. */
  readonly ref: string;
}

/** What the remote answered for the ref. */
export type PushVerdict =
  | { readonly kind: 'pushed' }
  /** Another writer moved the ref (or its history) first. */
  | { readonly kind: 'stale' }
  | { readonly kind: 'refused'; readonly reason: string };

/**
 * The refusals that mean the ref is not where the update expected it, as git's receive-pack words
 * them: "failed to update ref" (git 2.x: another writer moved it, or holds its lock), "failed to
 * lock" (older gits, JGit), "cannot lock ref" and "incorrect old value", and "missing necessary
 * objects" (the commit's parent is gone from the remote: the branch was rewritten).
 */
const STALE =
  /failed to update ref|failed to lock|cannot lock ref|incorrect old value|missing necessary objects/;

/** A pkt-line: four hex digits of the whole line's length in bytes, then the payload. */
function pktLine(payload: string): Buffer {
  const bytes = Buffer.from(payload, 'utf8');
  return Buffer.concat([Buffer.from((bytes.length + 4).toString(16).padStart(4, '0')), bytes]);
}

const FLUSH = Buffer.from('0000');

/** What receive-pack reads to end with nothing done: a flush where the updates would be. */
export const NO_UPDATES = FLUSH.toString('latin1');

/**
 * What receive-pack reads: the update with the capabilities asked for (a report, and no progress),
 * a flush, then the pack. The ids are SHA-1, the protocol's default object format.
 */
export function pushRequest(update: RefUpdate, pack: Buffer): Buffer {
  const command = pktLine(`${update.old} ${update.new} ${update.ref}\0report-status quiet\n`);
  return Buffer.concat([command, FLUSH, pack]);
}

/** The pkt-lines of a stream (a flush as null), up to the first line that is cut short. */
function pktLines(stream: Buffer): (string | null)[] {
  const lines: (string | null)[] = [];
  let at = 0;
  while (at + 4 <= stream.length) {
    const length = Number.parseInt(stream.subarray(at, at + 4).toString('latin1'), 16);
    if (Number.isNaN(length) || (length > 0 && length < 4) || at + length > stream.length) break;
    lines.push(length === 0 ? null : stream.subarray(at + 4, at + length).toString('utf8'));
    at += length === 0 ? 4 : length;
  }
  return lines;
}

/**
 * Reads receive-pack's stdout (its ref advertisement, a flush, then the report for the update of
 * `ref`, a flush) into a verdict. Undefined when there is no whole report for the ref: the
 * connection broke, or the remote stopped first (it wrote why on its stderr).
 */
export function readReport(stdout: Buffer, ref: string): PushVerdict | undefined {
  const lines = pktLines(stdout);
  const advertised = lines.indexOf(null);
  const report = lines.slice(advertised + 1);
  const end = report.indexOf(null);
  if (advertised < 0 || end < 0) return undefined;
  const texts = report.slice(0, end).map((line) => (line ?? '').replace(/\n$/, ''));
  const unpack = texts.find((text) => text.startsWith('unpack '))?.slice('unpack '.length);
  const status = texts.find((text) => text === `ok ${ref}` || text.startsWith(`ng ${ref} `));
  if (unpack === undefined || status === undefined) return undefined;
  if (status === `ok ${ref}`) return { kind: 'pushed' };
  // An unpack that failed fails every update ("unpacker error"): its own reason says more.
  if (unpack !== 'ok') return { kind: 'refused', reason: `unpack ${unpack}` };
  const reason = status.slice(`ng ${ref} `.length);
  return STALE.test(reason) ? { kind: 'stale' } : { kind: 'refused', reason };
}
