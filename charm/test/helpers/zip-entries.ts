import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';

/** One file in a zip archive, as a Juju controller unpacking a .charm sees it. */
export interface ZipEntry {
  readonly name: string;
  /** Unix permission bits from the external attributes. */
  readonly mode: number;
  readonly content: () => Buffer;
}

/** Reads a zip archive's central directory (no zip64, no comment: what scripts/zip.js writes). */
export function zipEntries(path: string): ZipEntry[] {
  const zip = readFileSync(path);
  const end = zip.length - 22;
  if (zip.readUInt32LE(end) !== 0x06054b50) throw new Error(`${path}: no end of central directory`);
  const count = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  const entries: ZipEntry[] = [];
  for (let index = 0; index < count; index++) {
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const local = zip.readUInt32LE(offset + 42);
    const compressedSize = zip.readUInt32LE(offset + 20);
    const method = zip.readUInt16LE(offset + 10);
    const name = zip.toString('utf8', offset + 46, offset + 46 + nameLength);
    const mode = (zip.readUInt32LE(offset + 38) >>> 16) & 0o7777;
    entries.push({
      name,
      mode,
      content: () => {
        const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
        const data = zip.subarray(start, start + compressedSize);
        return method === 8 ? inflateRawSync(data) : Buffer.from(data);
      },
    });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}
