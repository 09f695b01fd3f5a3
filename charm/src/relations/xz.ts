import { crc32 } from 'node:zlib';

/**
 * An .xz file (the format Python's `lzma.compress` writes by default) holding `content` in
 * LZMA2's uncompressed chunks: Node.js has no LZMA encoder, and every xz decoder reads these
 * chunks. It is what the COS libraries' `LZMABase64.decompress` expects, at the cost of no
 * compression. Layout from the .xz file format specification, 1.2.1 (tukaani.org).
 */
export function xzStore(content: Buffer): Buffer {
  const streamFlags = Buffer.from([0x00, 0x01]); // check type 1: CRC32
  const header = Buffer.concat([
    Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]),
    streamFlags,
    u32(crc32(streamFlags)),
  ]);

  // One block: its header names one filter, LZMA2, with the smallest dictionary property (it is
  // never used by uncompressed chunks), padded to a multiple of four bytes, then its CRC32.
  const blockHeaderFields = Buffer.from([0x00, 0x21, 0x01, 0x00, 0x00, 0x00, 0x00]);
  const blockHeaderStart = Buffer.concat([
    Buffer.from([(blockHeaderFields.length + 1 + 4) / 4 - 1]),
    blockHeaderFields,
  ]);
  const blockHeader = Buffer.concat([blockHeaderStart, u32(crc32(blockHeaderStart))]);
  const data = lzma2Stored(content);
  const check = u32(crc32(content));
  const unpaddedSize = blockHeader.length + data.length + check.length;
  const block = Buffer.concat([
    blockHeader,
    data,
    padding(blockHeader.length + data.length),
    check,
  ]);

  const indexFields = Buffer.concat([
    Buffer.from([0x00]), // index indicator
    varint(1), // one record
    varint(unpaddedSize),
    varint(content.length),
  ]);
  const indexBody = Buffer.concat([indexFields, padding(indexFields.length)]);
  const index = Buffer.concat([indexBody, u32(crc32(indexBody))]);

  const backward = Buffer.concat([u32(index.length / 4 - 1), streamFlags]);
  const footer = Buffer.concat([u32(crc32(backward)), backward, Buffer.from('YZ', 'latin1')]);
  return Buffer.concat([header, block, index, footer]);
}

/** LZMA2 data as uncompressed chunks of at most 64 KiB, then the end marker. */
function lzma2Stored(content: Buffer): Buffer {
  const CHUNK = 0x10000;
  const parts: Buffer[] = [];
  for (let offset = 0; offset < content.length; offset += CHUNK) {
    const chunk = content.subarray(offset, offset + CHUNK);
    // 0x01: uncompressed chunk resetting the dictionary (the first); 0x02: without reset.
    const control = Buffer.from([offset === 0 ? 0x01 : 0x02, 0, 0]);
    control.writeUInt16BE(chunk.length - 1, 1);
    parts.push(control, chunk);
  }
  parts.push(Buffer.from([0x00]));
  return Buffer.concat(parts);
}

function u32(value: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32LE(value >>> 0);
  return bytes;
}

/** xz's multibyte integers: seven bits per byte, low bits first. */
function varint(value: number): Buffer {
  const bytes: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    bytes.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  bytes.push(rest);
  return Buffer.from(bytes);
}

function padding(length: number): Buffer {
  return Buffer.alloc((4 - (length % 4)) % 4);
}
