import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { deflate as deflateCallback, deflateSync } from 'node:zlib';

const deflateOnPool = promisify(deflateCallback);

/** Git's object format, for writing a commit without spawning `git commit`. */

export type ObjectType = 'blob' | 'tree' | 'commit';

export interface TreeEntry {
  /** As stored in a tree object: `100644`, `100755`, `120000`, `160000` or `40000`. */
  readonly mode: string;
  readonly name: string;
  /** 40 hexadecimal digits. */
  readonly id: string;
}

export interface Signature {
  readonly name: string;
  readonly email: string;
  /** Seconds since the epoch. */
  readonly time: number;
}

/** The bytes git hashes and stores: `<type> <length>\0<body>`. */
export function encodeObject(type: ObjectType, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${type} ${body.length}\0`), body]);
}

/**
 * Below this size a deflate costs the event loop less done at once (20 to 130 µs) than handed to
 * the thread pool, whose stream and callbacks alone take 150 to 300 µs of it.
 */
const POOL_DEFLATE_BYTES = 32 * 1024;

/**
 * Deflated as git stores objects (at git's fastest level, its own default for loose objects);
 * a large zone file on the thread pool, where it would otherwise hold the event loop for
 * milliseconds and the objects of a commit deflate in parallel.
 */
export function deflate(data: Buffer): Promise<Buffer> {
  if (data.length < POOL_DEFLATE_BYTES) return Promise.resolve(deflateSync(data, { level: 1 }));
  return deflateOnPool(data, { level: 1 });
}

export function objectId(encoded: Buffer): string {
  return createHash('sha1').update(encoded).digest('hex');
}

/** Git orders tree entries by name, a directory's name compared as if it ended with "/". */
function sortKey(entry: TreeEntry): string {
  return entry.mode === '40000' ? `${entry.name}/` : entry.name;
}

export function encodeTree(entries: readonly TreeEntry[]): Buffer {
  const sorted = [...entries].sort((a, b) => {
    const [x, y] = [Buffer.from(sortKey(a)), Buffer.from(sortKey(b))];
    return Buffer.compare(x, y);
  });
  return Buffer.concat(
    sorted.flatMap((entry) => [
      Buffer.from(`${entry.mode} ${entry.name}\0`),
      Buffer.from(entry.id, 'hex'),
    ]),
  );
}

function signature(role: 'author' | 'committer', who: Signature): string {
  if (/[<>\n]/.test(who.name + who.email))
    throw new Error(`invalid ${role} "${who.name} <${who.email}>"`);
  return `${role} ${who.name} <${who.email}> ${who.time} +0000\n`;
}

export interface CommitFields {
  readonly tree: string;
  readonly parent: string;
  readonly author: Signature;
  readonly committer: Signature;
  readonly message: string;
}

export function encodeCommit(fields: CommitFields): Buffer {
  const message = fields.message.endsWith('\n') ? fields.message : `${fields.message}\n`;
  return Buffer.from(
    `tree ${fields.tree}\nparent ${fields.parent}\n${signature('author', fields.author)}${signature('committer', fields.committer)}\n${message}`,
  );
}

/** Reads a tree object's body (what {@link encodeTree} writes): `<mode> <name>\0<20-byte id>…`. */
export function parseTree(body: Buffer): TreeEntry[] {
  const entries: TreeEntry[] = [];
  for (let at = 0; at < body.length;) {
    const space = body.indexOf(0x20, at);
    const nul = body.indexOf(0, space);
    if (space < 0 || nul < 0 || nul + 21 > body.length) throw new Error('a tree object cut short');
    entries.push({
      mode: body.toString('latin1', at, space),
      name: body.toString('utf8', space + 1, nul),
      id: body.toString('hex', nul + 1, nul + 21),
    });
    at = nul + 21;
  }
  return entries;
}

/** Reads `git ls-tree -z` output: `<mode> <type> <id>\t<name>\0…`. */
export function parseLsTree(output: string): TreeEntry[] {
  return output
    .split('\0')
    .filter((record) => record !== '')
    .map((record) => {
      const tab = record.indexOf('\t');
      const [mode, , id] = record.slice(0, tab).split(' ');
      // ls-tree pads a tree's mode to six digits; the tree object itself does not.
      return { mode: mode.replace(/^0+/, ''), name: record.slice(tab + 1), id };
    });
}
