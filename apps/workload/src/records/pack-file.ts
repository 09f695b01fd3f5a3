import { createHash } from 'node:crypto';
import { deflate } from './git-objects';

/**
 * Git's pack format, version 2, for sending a commit's objects to `git receive-pack` without
 * `git pack-objects`: each object whole (no deltas), its body deflated at git's fastest level
 * (the remote keeps the pack as it comes: receive-pack-command.ts). Ids and the trailer are SHA-1,
 * as every object the service writes (git-objects.ts).
 */

/** The pack's object type numbers. */
const TYPE_CODES: Readonly<Record<string, number>> = { commit: 1, tree: 2, blob: 3, tag: 4 };

/**
 * An object's entry header: the type and the body's length, the length's low four bits in the
 * first byte and seven more in each following byte, the top bit saying another byte follows.
 */
export function entryHeader(typeCode: number, length: number): Buffer {
  const bytes: number[] = [];
  let byte = (typeCode << 4) | (length & 0x0f);
  let rest = Math.floor(length / 16);
  while (rest > 0) {
    bytes.push(byte | 0x80);
    byte = rest & 0x7f;
    rest = Math.floor(rest / 128);
  }
  bytes.push(byte);
  return Buffer.from(bytes);
}

/** One object, as git hashes it (`<type> <length>\0<body>`), as a pack entry. */
async function entry(encoded: Buffer): Promise<Buffer[]> {
  const nul = encoded.indexOf(0);
  const [type, length] = encoded.subarray(0, nul).toString('latin1').split(' ');
  const typeCode = TYPE_CODES[type];
  const body = encoded.subarray(nul + 1);
  if (typeCode === undefined || Number(length) !== body.length)
    throw new Error(`not a git object: "${encoded.subarray(0, nul).toString('latin1')}"`);
  return [entryHeader(typeCode, body.length), await deflate(body)];
}

/** A pack of the objects given as git hashes them (`<type> <length>\0<body>`). */
export async function encodePack(objects: readonly Buffer[]): Promise<Buffer> {
  const header = Buffer.alloc(12);
  header.write('PACK', 0, 'latin1');
  header.writeUInt32BE(2, 4);
  header.writeUInt32BE(objects.length, 8);
  const entries = await Promise.all(objects.map(entry));
  const pack = Buffer.concat([header, ...entries.flat()]);
  return Buffer.concat([pack, createHash('sha1').update(pack).digest()]);
}
