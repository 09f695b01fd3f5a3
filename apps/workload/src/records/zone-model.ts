/**
 * A BIND zone file read once into pieces: every line kept as its own text, the records also parsed
 * (owner, type, rdata). Edits change pieces and the indexes of TXT records in place, so a batch
 * costs what it changes, not the size of the file; the text is the pieces joined.
 */

const TTL = /^\d+[smhdw]?(\d+[smhdw])*$/i;
const CLASSES = new Set(['IN', 'CH', 'HS', 'CS']);

export class ZoneFileError extends Error {
  override readonly name = 'ZoneFileError';
}

export interface Token {
  text: string;
  /** Offset from the start of its record's text. */
  start: number;
  readonly quoted: boolean;
}

export interface ZoneRecord {
  /** Absolute, lower-case, without the final dot; inherited when the line starts blank. */
  readonly owner: string;
  explicitOwner: boolean;
  readonly type: string;
  /** Tokens after the type, across continuation lines. */
  readonly rdata: Token[];
  /** Its line and continuation lines, line endings included. */
  text: string;
}

/** A piece of the file: a record, or a line that is none (blank, comment, directive). */
export type Piece = ZoneRecord | string;

export const pieceText = (piece: Piece): string => (typeof piece === 'string' ? piece : piece.text);

export const txtValue = (record: ZoneRecord): string =>
  record.rdata.map((token) => token.text).join('');

export const recordKey = (name: string, value: string): string => `${name}\n${value}`;

const SPACE = 0x20;
const TAB = 0x09;
const CR = 0x0d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const SEMICOLON = 0x3b;
const OPEN = 0x28;
const CLOSE = 0x29;

function endsWord(code: number): boolean {
  return (
    code === SPACE ||
    code === TAB ||
    code === CR ||
    code === SEMICOLON ||
    code === OPEN ||
    code === CLOSE ||
    code === QUOTE
  );
}

/**
 * Tokens of one line up to its comment: quoted strings, parentheses, and bare words. `offset` is
 * where the line starts in its record's text; `number` names the line in errors.
 */
function tokenize(line: string, offset: number, number: number): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < line.length) {
    const code = line.charCodeAt(i);
    if (code === SEMICOLON) break;
    if (code === SPACE || code === TAB || code === CR) {
      i += 1;
    } else if (code === OPEN || code === CLOSE) {
      tokens.push({ text: line[i], start: offset + i, quoted: false });
      i += 1;
    } else if (code === QUOTE) {
      let j = i + 1;
      let value = '';
      let from = j;
      for (; j < line.length; j += 1) {
        const inner = line.charCodeAt(j);
        if (inner === QUOTE) break;
        if (inner === BACKSLASH && j + 1 < line.length) {
          value += line.slice(from, j);
          j += 1;
          from = j;
        }
      }
      // BIND refuses the zone ("unbalanced quotes"); reading on would misplace every later token.
      if (j >= line.length)
        throw new ZoneFileError(
          `the zone file has an unterminated quoted string on line ${number}`,
        );
      tokens.push({ text: value + line.slice(from, j), start: offset + i, quoted: true });
      i = j + 1;
    } else {
      let j = i;
      while (j < line.length && !endsWord(line.charCodeAt(j)))
        j += line.charCodeAt(j) === BACKSLASH ? 2 : 1;
      tokens.push({ text: line.slice(i, j), start: offset + i, quoted: false });
      i = j;
    }
  }
  return tokens;
}

export function absolute(name: string, origin: string): string {
  const lower = name.toLowerCase();
  if (lower === '@') return origin;
  if (lower.endsWith('.')) return lower.slice(0, -1);
  return origin === '' ? lower : `${lower}.${origin}`;
}

const isParen = (token: Token, paren: '(' | ')') => !token.quoted && token.text === paren;

const parenDepth = (token: Token) => (isParen(token, '(') ? 1 : isParen(token, ')') ? -1 : 0);

/** A zone file's pieces, with its TXT records indexed by owner and by owner and value. */
export class ZoneModel {
  /** TXT records by `recordKey(owner, value)`, in file order. */
  readonly byKey = new Map<string, ZoneRecord[]>();
  /** TXT records by owner, in file order. */
  readonly byOwner = new Map<string, ZoneRecord[]>();
  private joined?: string;

  private constructor(
    readonly zone: string,
    public pieces: Piece[],
    /** The `$ORIGIN` in effect at the end of the file. */
    readonly finalOrigin: string,
    readonly lineEnding: '\n' | '\r\n',
    /** The first SOA record: the one whose serial is bumped. */
    readonly soa: ZoneRecord | undefined,
    text: string,
  ) {
    this.joined = text;
    for (const piece of pieces) if (typeof piece !== 'string') this.index(piece);
  }

  /** Reads every record, following `$ORIGIN`, owner inheritance and parentheses. */
  static parse(text: string, zone: string): ZoneModel {
    const pieces: Piece[] = [];
    let origin = zone;
    let lastOwner = zone;
    let soa: ZoneRecord | undefined;
    let depth = 0;
    let openedOn = 0;
    let open: ZoneRecord | undefined;
    let number = 0;
    for (let start = 0; start < text.length;) {
      const newline = text.indexOf('\n', start);
      const end = newline < 0 ? text.length : newline + 1;
      const raw = text.slice(start, end);
      const content = newline < 0 ? raw : raw.slice(0, raw.length - (raw.endsWith('\r\n') ? 2 : 1));
      start = end;
      number += 1;
      if (depth === 0) openedOn = number;
      if (depth > 0) {
        const tokens = tokenize(content, open ? open.text.length : 0, number);
        if (open) open.text += raw;
        else pieces.push(raw);
        for (const token of tokens) {
          const step = parenDepth(token);
          depth += step;
          if (step === 0) open?.rdata.push(token);
        }
        continue;
      }
      const tokens = tokenize(content, 0, number);
      const first = tokens[0];
      if (!first || (!first.quoted && first.text.startsWith('$'))) {
        if (first && first.text.toUpperCase() === '$ORIGIN' && tokens[1])
          origin = absolute(tokens[1].text, origin);
        for (const token of tokens) depth += parenDepth(token);
        pieces.push(raw);
        open = undefined;
        continue;
      }
      const lead = content.charCodeAt(0);
      const explicitOwner = lead !== SPACE && lead !== TAB;
      if (explicitOwner) lastOwner = absolute(first.text, origin);
      let index = explicitOwner ? 1 : 0;
      // TTL and class may come in either order.
      for (let k = 0; k < 2 && index < tokens.length; k += 1) {
        const token = tokens[index];
        if (!token.quoted && (TTL.test(token.text) || CLASSES.has(token.text.toUpperCase())))
          index += 1;
      }
      const typeToken = tokens[index];
      const record: ZoneRecord = {
        owner: lastOwner,
        explicitOwner,
        type: typeToken && !typeToken.quoted ? typeToken.text.toUpperCase() : '',
        rdata: [],
        text: raw,
      };
      for (let t = index + 1; t < tokens.length; t += 1) {
        const step = parenDepth(tokens[t]);
        depth += step;
        if (step === 0) record.rdata.push(tokens[t]);
      }
      if (record.type === 'SOA') soa ??= record;
      pieces.push(record);
      open = depth > 0 ? record : undefined;
    }
    if (depth !== 0)
      throw new ZoneFileError(
        `the zone file has an unclosed parenthesis (opened on line ${openedOn})`,
      );
    const firstLine = text.indexOf('\n');
    const lineEnding = firstLine > 0 && text[firstLine - 1] === '\r' ? '\r\n' : '\n';
    return new ZoneModel(zone, pieces, origin, lineEnding, soa, text);
  }

  get text(): string {
    this.joined ??= this.pieces.map(pieceText).join('');
    return this.joined;
  }

  /** A piece's text was edited in place: the joined text is stale. */
  textChanged(): void {
    this.joined = undefined;
  }

  /** The TXT records at `name`, in file order. */
  txtAt(name: string): readonly ZoneRecord[] {
    return this.byOwner.get(name) ?? [];
  }

  private index(record: ZoneRecord): void {
    if (record.type !== 'TXT') return;
    push(this.byOwner, record.owner, record);
    push(this.byKey, recordKey(record.owner, txtValue(record)), record);
  }

  /**
   * Drops the removed records, a blank-owner line that inherited a removed record's owner getting
   * that owner written out (so that it keeps meaning what it meant), then appends `added` at the
   * end of the file, each a record of one line.
   */
  replace(removed: ReadonlySet<ZoneRecord>, added: readonly ZoneRecord[]): void {
    if (removed.size > 0) this.remove(removed);
    if (added.length > 0) {
      const last = this.pieces.length - 1;
      const lastText = last >= 0 ? pieceText(this.pieces[last]) : '';
      if (lastText !== '' && !lastText.endsWith('\n')) {
        const piece = this.pieces[last];
        if (typeof piece === 'string') this.pieces[last] = piece + this.lineEnding;
        else piece.text += this.lineEnding;
      }
      for (const record of added) {
        this.pieces.push(record);
        this.index(record);
      }
    }
    this.joined = undefined;
  }

  private remove(removed: ReadonlySet<ZoneRecord>): void {
    let heirOwner: string | undefined;
    this.pieces = this.pieces.filter((piece) => {
      if (typeof piece === 'string') return true;
      if (removed.has(piece)) {
        if (piece.explicitOwner) heirOwner = piece.owner;
        return false;
      }
      if (heirOwner !== undefined && !piece.explicitOwner) inherit(piece, `${heirOwner}.`);
      heirOwner = undefined;
      return true;
    });
    for (const record of removed) {
      drop(this.byOwner, record.owner, removed);
      drop(this.byKey, recordKey(record.owner, txtValue(record)), removed);
    }
  }
}

/** The record's line now names its owner; its tokens move along. */
function inherit(record: ZoneRecord, owner: string): void {
  record.text = owner + record.text;
  record.explicitOwner = true;
  for (const token of record.rdata) token.start += owner.length;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function drop<K, V>(map: Map<K, V[]>, key: K, removed: ReadonlySet<V>): void {
  const list = map.get(key)?.filter((value) => !removed.has(value));
  if (!list) return;
  if (list.length === 0) map.delete(key);
  else map.set(key, list);
}
