import { recordKey, txtValue, ZoneFileError, ZoneModel, type ZoneRecord } from './zone-model';

export { ZoneFileError, ZoneModel } from './zone-model';

/**
 * Line-preserving edits of BIND zone files: recognise, add and remove the TXT records of ACME
 * challenges, and bump the SOA serial. Every byte this module does not need to change stays as it
 * was: other records, comments, blank lines, line endings.
 */

/** The base64url alphabet: nothing in it can close a quoted string, start a line or a directive. */
const SAFE_VALUE = /^[A-Za-z0-9_-]{1,255}$/;
const SAFE_NAME = /^[a-z0-9_]([a-z0-9_-]*[a-z0-9])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9])?)*$/;

function checkInputs(zone: string, name: string, value: string): void {
  if (!SAFE_NAME.test(zone) || !SAFE_NAME.test(name)) {
    throw new ZoneFileError(`refusing to write the name "${name}" in zone "${zone}"`);
  }
  if (name !== zone && !name.endsWith(`.${zone}`)) {
    throw new ZoneFileError(`"${name}" is not in the zone "${zone}"`);
  }
  if (!SAFE_VALUE.test(value))
    throw new ZoneFileError('refusing to write a TXT value outside [A-Za-z0-9_-]{1,255}');
}

function ownerText(name: string, origin: string): string {
  if (name === origin) return '@';
  if (origin !== '' && name.endsWith(`.${origin}`)) return name.slice(0, -origin.length - 1);
  return `${name}.`;
}

export interface Edit {
  readonly text: string;
  readonly changed: boolean;
}

/** The TXT values published at `name` (absolute, lower-case, no final dot). */
export function txtValuesAt(text: string, zone: string, name: string): string[] {
  return ZoneModel.parse(text, zone).txtAt(name).map(txtValue);
}

export interface TxtEdit {
  /** See ChangeKind (record-change.ts). */
  readonly kind: 'present' | 'cleanup' | 'update';
  /** Absolute, lower-case, without the final dot. */
  readonly name: string;
  readonly value: string;
}

export interface BatchEdit {
  readonly text: string;
  /** Per edit, in order: whether it changed what the zone publishes. */
  readonly changed: readonly boolean[];
}

/** {@link editZone} on a zone file's text. */
export function editTxtRecords(
  text: string,
  zone: string,
  edits: readonly TxtEdit[],
  ttl: number,
): BatchEdit {
  const model = ZoneModel.parse(text, zone);
  const changed = editZone(model, edits, ttl);
  return { text: model.text, changed };
}

/**
 * Applies edits in order to the zone, in place. `present` adds `<owner> <ttl> IN TXT "<value>"`
 * at the end of the zone unless that value is already published at that name, in any spelling
 * (other TTL, no class, absolute owner, upper case). `cleanup` removes the records publishing
 * exactly that value at that name. When a removed line named the owner that following blank-owner
 * lines inherit, the next of those gets the owner written out, so it keeps meaning what it meant.
 * Returns, per edit, whether it changed what the zone publishes; nothing changes when it throws.
 */
export function editZone(model: ZoneModel, edits: readonly TxtEdit[], ttl: number): boolean[] {
  for (const edit of edits) checkInputs(model.zone, edit.name, edit.value);
  if (!Number.isInteger(ttl) || ttl < 0 || ttl > 2147483647)
    throw new ZoneFileError(`invalid TTL ${ttl}`);
  const removed = new Set<ZoneRecord>();
  const appended = new Map<string, TxtEdit>();
  const changed = edits.map((edit) => {
    const k = recordKey(edit.name, edit.value);
    if (edit.kind === 'update')
      return keepNewestTwo(edit, model.txtAt(edit.name), removed, appended);
    const published = (model.byKey.get(k) ?? []).filter((record) => !removed.has(record));
    if (edit.kind === 'present') {
      if (published.length > 0 || appended.has(k)) return false;
      appended.set(k, edit);
      return true;
    }
    if (appended.delete(k)) return true;
    published.forEach((record) => removed.add(record));
    return published.length > 0;
  });
  if (removed.size > 0 || appended.size > 0)
    model.replace(
      removed,
      [...appended.values()].map((edit) => txtRecord(edit, ttl, model)),
    );
  return changed;
}

/** A line of its own at the end of the zone: `<owner> <ttl> IN TXT "<value>"`. */
function txtRecord(edit: TxtEdit, ttl: number, model: ZoneModel): ZoneRecord {
  const head = `${ownerText(edit.name, model.finalOrigin)} ${ttl} IN TXT `;
  return {
    owner: edit.name,
    explicitOwner: true,
    type: 'TXT',
    rdata: [{ text: edit.value, start: head.length, quoted: true }],
    text: `${head}"${edit.value}"${model.lineEnding}`,
  };
}

/** A TXT value at one name, published in the file or appended by this batch. */
interface Published {
  readonly value: string;
  readonly record?: ZoneRecord;
  readonly appendedKey?: string;
}

/**
 * An `update`: the value becomes the newest published at its name, and of the others only the
 * newest stays, as acme-dns keeps two values per name (a name and its wildcard). Newest is last:
 * values are appended at the end of the file, and this batch's after the file's.
 */
function keepNewestTwo(
  edit: TxtEdit,
  records: readonly ZoneRecord[],
  removed: Set<ZoneRecord>,
  appended: Map<string, TxtEdit>,
): boolean {
  const published: Published[] = [
    ...records
      .filter((record) => !removed.has(record))
      .map((record) => ({ value: txtValue(record), record })),
    ...[...appended]
      .filter(([, other]) => other.name === edit.name)
      .map(([appendedKey, other]) => ({ value: other.value, appendedKey })),
  ];
  const other = published.findLast((entry) => entry.value !== edit.value);
  const own = published.findLast((entry) => entry.value === edit.value);
  const keptOwn =
    own && (!other || published.indexOf(own) > published.indexOf(other)) ? own : undefined;
  let changed = false;
  for (const entry of published) {
    if (entry === other || entry === keptOwn) continue;
    if (entry.record) removed.add(entry.record);
    else if (entry.appendedKey !== undefined) appended.delete(entry.appendedKey);
    changed = true;
  }
  if (!keptOwn) {
    appended.set(recordKey(edit.name, edit.value), edit);
    changed = true;
  }
  return changed;
}

/** One `present`: see {@link editTxtRecords}. */
export function addTxtRecord(
  text: string,
  zone: string,
  name: string,
  value: string,
  ttl: number,
): Edit {
  const edit = editTxtRecords(text, zone, [{ kind: 'present', name, value }], ttl);
  return { text: edit.text, changed: edit.changed[0] };
}

/** One `cleanup`: see {@link editTxtRecords}. */
export function removeTxtRecord(text: string, zone: string, name: string, value: string): Edit {
  const edit = editTxtRecords(text, zone, [{ kind: 'cleanup', name, value }], 0);
  return { text: edit.text, changed: edit.changed[0] };
}

const MAX_SERIAL = 2 ** 32;

/** {@link bumpSerial} on a zone file's text. */
export function bumpSoaSerial(text: string, zone: string): Edit {
  const model = ZoneModel.parse(text, zone);
  const changed = bumpSerial(model);
  return { text: model.text, changed };
}

/** Adds one to the numeric SOA serial (RFC 1982 arithmetic), in place; false without one. */
export function bumpSerial(model: ZoneModel): boolean {
  const soa = model.soa;
  const serial = soa?.rdata[2];
  if (!soa || !serial || serial.quoted || !/^\d+$/.test(serial.text)) return false;
  const next = String((Number(serial.text) + 1) % MAX_SERIAL);
  const shift = next.length - serial.text.length;
  soa.text =
    soa.text.slice(0, serial.start) + next + soa.text.slice(serial.start + serial.text.length);
  for (const token of soa.rdata) if (token.start > serial.start) token.start += shift;
  serial.text = next;
  model.textChanged();
  return true;
}

/**
 * The zone a name belongs to: the longest suffix of the name for which a zone file exists.
 * `zones` holds zone names (file names without `.domain`), lower-case.
 */
export function findZone(name: string, zones: ReadonlySet<string>): string | undefined {
  const labels = name.split('.');
  for (let i = 0; i < labels.length; i += 1) {
    const candidate = labels.slice(i).join('.');
    if (zones.has(candidate)) return candidate;
  }
  return undefined;
}

export const ZONE_FILE_SUFFIX = '.domain';

export function zoneFileName(zone: string): string {
  return `${zone}${ZONE_FILE_SUFFIX}`;
}
