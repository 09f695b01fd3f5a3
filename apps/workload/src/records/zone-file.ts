/**
 * Line-preserving edits of BIND zone files: recognise, add and remove the TXT records of ACME
 * challenges, and bump the SOA serial. Every byte this module does not need to change stays as it
 * was: other records, comments, blank lines, line endings.
 */

/** The base64url alphabet: nothing in it can close a quoted string, start a line or a directive. */
const SAFE_VALUE = /^[A-Za-z0-9_-]{1,255}$/;
const SAFE_NAME = /^[a-z0-9_]([a-z0-9_-]*[a-z0-9])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9])?)*$/;
const TTL = /^\d+[smhdw]?(\d+[smhdw])*$/i;
const CLASSES = new Set(['IN', 'CH', 'HS', 'CS']);

export class ZoneFileError extends Error {
  override readonly name = 'ZoneFileError';
}

interface Token {
  readonly text: string;
  readonly start: number;
  readonly quoted: boolean;
}

interface Line {
  /** 1 for the first line of the file. */
  readonly number: number;
  /** Offset of the line in the file, and of the next line. */
  readonly start: number;
  readonly end: number;
  readonly content: string;
}

interface RecordLine {
  readonly line: Line;
  /** Where the record ends: after its last continuation line. */
  end: number;
  /** Absolute owner, lower-case, without the final dot; inherited when the line starts blank. */
  readonly owner: string;
  readonly explicitOwner: boolean;
  readonly type: string;
  /** Tokens after the type, across continuation lines, with offsets into the file. */
  readonly rdata: Token[];
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  while (start < text.length) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline + 1;
    lines.push({
      number: lines.length + 1,
      start,
      end,
      content: text.slice(start, end).replace(/\r?\n$/, ''),
    });
    start = end;
  }
  return lines;
}

/** Tokens of one line up to its comment: quoted strings, parentheses, and bare words. */
function tokenize(line: Line): Token[] {
  const tokens: Token[] = [];
  const text = line.content;
  let i = 0;
  while (i < text.length) {
    const char = text[i];
    if (char === ';') break;
    if (char === ' ' || char === '\t' || char === '\r') {
      i += 1;
    } else if (char === '(' || char === ')') {
      tokens.push({ text: char, start: line.start + i, quoted: false });
      i += 1;
    } else if (char === '"') {
      let j = i + 1;
      let value = '';
      while (j < text.length && text[j] !== '"') {
        if (text[j] === '\\' && j + 1 < text.length) j += 1;
        value += text[j];
        j += 1;
      }
      // BIND refuses the zone ("unbalanced quotes"); reading on would misplace every later token.
      if (j >= text.length)
        throw new ZoneFileError(
          `the zone file has an unterminated quoted string on line ${line.number}`,
        );
      tokens.push({ text: value, start: line.start + i, quoted: true });
      i = j + 1;
    } else {
      let j = i;
      while (j < text.length && !' \t\r;()"'.includes(text[j])) j += text[j] === '\\' ? 2 : 1;
      tokens.push({ text: text.slice(i, j), start: line.start + i, quoted: false });
      i = j;
    }
  }
  return tokens;
}

function absolute(name: string, origin: string): string {
  const lower = name.toLowerCase();
  if (lower === '@') return origin;
  if (lower.endsWith('.')) return lower.slice(0, -1);
  return origin === '' ? lower : `${lower}.${origin}`;
}

function isParen(token: Token, paren: '(' | ')'): boolean {
  return !token.quoted && token.text === paren;
}

interface Scan {
  readonly records: RecordLine[];
  /** The `$ORIGIN` in effect at the end of the file. */
  readonly finalOrigin: string;
  readonly lineEnding: '\n' | '\r\n';
}

/** Reads every record of a zone file, following `$ORIGIN`, owner inheritance and parentheses. */
function scan(text: string, zone: string): Scan {
  const lines = splitLines(text);
  const records: RecordLine[] = [];
  let origin = zone;
  let lastOwner = zone;
  let depth = 0;
  /** The line where the parentheses still open were opened. */
  let openedOn = 0;
  let open: RecordLine | undefined;
  for (const line of lines) {
    if (depth === 0) openedOn = line.number;
    const tokens = tokenize(line);
    if (depth > 0) {
      if (open) open.end = line.end;
      for (const token of tokens) {
        if (isParen(token, '(')) depth += 1;
        else if (isParen(token, ')')) depth -= 1;
        else open?.rdata.push(token);
      }
      continue;
    }
    if (tokens.length === 0) continue;
    const first = tokens[0];
    if (!first.quoted && first.text.startsWith('$')) {
      if (first.text.toUpperCase() === '$ORIGIN' && tokens[1])
        origin = absolute(tokens[1].text, origin);
      for (const token of tokens) depth += isParen(token, '(') ? 1 : isParen(token, ')') ? -1 : 0;
      open = undefined;
      continue;
    }
    const explicitOwner = !/^[ \t]/.test(line.content);
    if (explicitOwner) lastOwner = absolute(first.text, origin);
    let index = explicitOwner ? 1 : 0;
    // TTL and class may come in either order.
    for (let k = 0; k < 2 && index < tokens.length; k += 1) {
      const token = tokens[index];
      if (!token.quoted && (TTL.test(token.text) || CLASSES.has(token.text.toUpperCase())))
        index += 1;
    }
    const typeToken = tokens[index];
    const record: RecordLine = {
      line,
      end: line.end,
      owner: lastOwner,
      explicitOwner,
      type: typeToken && !typeToken.quoted ? typeToken.text.toUpperCase() : '',
      rdata: [],
    };
    for (const token of tokens.slice(index + 1)) {
      if (isParen(token, '(')) depth += 1;
      else if (isParen(token, ')')) depth -= 1;
      else record.rdata.push(token);
    }
    records.push(record);
    open = depth > 0 ? record : undefined;
  }
  if (depth !== 0)
    throw new ZoneFileError(
      `the zone file has an unclosed parenthesis (opened on line ${openedOn})`,
    );
  const lineEnding =
    lines.length > 0 && text.slice(lines[0].end - 2, lines[0].end) === '\r\n' ? '\r\n' : '\n';
  return { records, finalOrigin: origin, lineEnding };
}

function txtValue(record: RecordLine): string {
  return record.rdata.map((token) => token.text).join('');
}

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
  return scan(text, zone)
    .records.filter((record) => record.type === 'TXT' && record.owner === name)
    .map(txtValue);
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

/**
 * Applies edits in order, reading the zone once. `present` adds `<owner> <ttl> IN TXT "<value>"`
 * at the end of the zone unless that value is already published at that name, in any spelling
 * (other TTL, no class, absolute owner, upper case). `cleanup` removes the records publishing
 * exactly that value at that name. When a removed line named the owner that following blank-owner
 * lines inherit, the next of those gets the owner written out, so it keeps meaning what it meant.
 */
export function editTxtRecords(
  text: string,
  zone: string,
  edits: readonly TxtEdit[],
  ttl: number,
): BatchEdit {
  for (const edit of edits) checkInputs(zone, edit.name, edit.value);
  if (!Number.isInteger(ttl) || ttl < 0 || ttl > 2147483647)
    throw new ZoneFileError(`invalid TTL ${ttl}`);
  const { records, finalOrigin, lineEnding } = scan(text, zone);
  const existing = new Map<string, RecordLine[]>();
  for (const record of records) {
    if (record.type !== 'TXT') continue;
    const k = recordKey(record.owner, txtValue(record));
    existing.set(k, [...(existing.get(k) ?? []), record]);
  }
  const removed = new Set<RecordLine>();
  const appended = new Map<string, TxtEdit>();
  const changed = edits.map((edit) => {
    const k = recordKey(edit.name, edit.value);
    if (edit.kind === 'update') return keepNewestTwo(edit, records, removed, appended);
    const published = (existing.get(k) ?? []).filter((record) => !removed.has(record));
    if (edit.kind === 'present') {
      if (published.length > 0 || appended.has(k)) return false;
      appended.set(k, edit);
      return true;
    }
    if (appended.delete(k)) return true;
    published.forEach((record) => removed.add(record));
    return published.length > 0;
  });
  if (removed.size === 0 && appended.size === 0) return { text, changed };
  let result = withoutRecords(text, records, removed);
  if (appended.size > 0) {
    if (result !== '' && !result.endsWith('\n')) result += lineEnding;
    for (const edit of appended.values()) {
      result += `${ownerText(edit.name, finalOrigin)} ${ttl} IN TXT "${edit.value}"${lineEnding}`;
    }
  }
  return { text: result, changed };
}

const recordKey = (name: string, value: string) => `${name}\n${value}`;

/** A TXT value at one name, published in the file or appended by this batch. */
interface Published {
  readonly value: string;
  readonly record?: RecordLine;
  readonly appendedKey?: string;
}

/**
 * An `update`: the value becomes the newest published at its name, and of the others only the
 * newest stays, as acme-dns keeps two values per name (a name and its wildcard). Newest is last:
 * values are appended at the end of the file, and this batch's after the file's.
 */
function keepNewestTwo(
  edit: TxtEdit,
  records: readonly RecordLine[],
  removed: Set<RecordLine>,
  appended: Map<string, TxtEdit>,
): boolean {
  const published: Published[] = [
    ...records
      .filter((record) => record.type === 'TXT' && record.owner === edit.name)
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

/** The text without the given records, their blank-owner heirs keeping their owner. */
function withoutRecords(
  text: string,
  records: readonly RecordLine[],
  removed: ReadonlySet<RecordLine>,
): string {
  if (removed.size === 0) return text;
  const heirs = new Map<RecordLine, string>();
  records.forEach((record, index) => {
    if (!removed.has(record) || !record.explicitOwner) return;
    let next = index + 1;
    while (next < records.length && removed.has(records[next]) && !records[next].explicitOwner)
      next += 1;
    const heir = records[next];
    if (heir && !heir.explicitOwner && !removed.has(heir)) heirs.set(heir, `${record.owner}.`);
  });
  let result = '';
  let position = 0;
  for (const record of records) {
    if (removed.has(record)) {
      result += text.slice(position, record.line.start);
      position = record.end;
    } else if (heirs.has(record)) {
      result += text.slice(position, record.line.start) + heirs.get(record);
      position = record.line.start;
    }
  }
  return result + text.slice(position);
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

/** Adds one to the numeric SOA serial (RFC 1982 arithmetic); a zone without one is left alone. */
export function bumpSoaSerial(text: string, zone: string): Edit {
  const soa = scan(text, zone).records.find((record) => record.type === 'SOA');
  const serial = soa?.rdata[2];
  if (!serial || serial.quoted || !/^\d+$/.test(serial.text)) return { text, changed: false };
  const next = String((Number(serial.text) + 1) % MAX_SERIAL);
  return {
    text: text.slice(0, serial.start) + next + text.slice(serial.start + serial.text.length),
    changed: true,
  };
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
