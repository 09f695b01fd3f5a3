// A small zip writer (deflate, Unix modes kept), enough for a .charm: Juju unpacks it with the
// file modes stored here, and `dispatch` must stay executable. Files over 4 GiB are refused.
const { readdirSync, readFileSync, statSync, writeFileSync } = require('node:fs');
const { join, relative, sep } = require('node:path');
const { crc32, deflateRawSync } = require('node:zlib');

const VERSION = 20; // 2.0: deflate
const MADE_BY_UNIX = (3 << 8) | VERSION;
const DEFLATE = 8;
const UTF8_NAMES = 1 << 11;

/** Every regular file under `dir`, sorted, as paths relative to it with `/` separators. */
function listFiles(dir, base = dir) {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return listFiles(path, base);
      return [relative(base, path).split(sep).join('/')];
    });
}

/** MS-DOS time and date, as zip headers store them. */
function dosDateTime(date) {
  const time = (date.getHours() << 11) | (date.getMinutes() << 5) | (date.getSeconds() >> 1);
  const day = ((date.getFullYear() - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate();
  return { time, day };
}

/**
 * The fields the local header and the central directory entry share, in the same order from
 * `at`: version needed, flags, method, time, date, CRC-32, sizes and the name's length.
 */
function writeFileFields(header, at, { time, day, crc, compressed, size }, nameLength) {
  header.writeUInt16LE(VERSION, at);
  header.writeUInt16LE(UTF8_NAMES, at + 2);
  header.writeUInt16LE(DEFLATE, at + 4);
  header.writeUInt16LE(time, at + 6);
  header.writeUInt16LE(day, at + 8);
  header.writeUInt32LE(crc, at + 10);
  header.writeUInt32LE(compressed, at + 14);
  header.writeUInt32LE(size, at + 18);
  header.writeUInt16LE(nameLength, at + 22);
}

/** Writes every file under `dir` into the zip archive `zipPath`, compressed, with its mode. */
function writeZip(zipPath, dir) {
  const chunks = [];
  const central = [];
  let offset = 0;
  for (const name of listFiles(dir)) {
    const path = join(dir, name);
    const info = statSync(path);
    const content = readFileSync(path);
    if (content.length >= 0xffffffff) throw new Error(`cannot zip ${path}: larger than 4 GiB`);
    const compressed = deflateRawSync(content);
    const nameBytes = Buffer.from(name, 'utf8');
    const { time, day } = dosDateTime(info.mtime);
    const crc = crc32(content);

    const fields = { time, day, crc, compressed: compressed.length, size: content.length };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    writeFileFields(local, 4, fields, nameBytes.length);
    chunks.push(local, nameBytes, compressed);

    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(MADE_BY_UNIX, 4);
    writeFileFields(entry, 6, fields, nameBytes.length);
    // The Unix file type and permissions live in the high half of the external attributes.
    entry.writeUInt32LE(((0o100000 | (info.mode & 0o777)) << 16) >>> 0, 38);
    entry.writeUInt32LE(offset, 42);
    central.push(entry, nameBytes);
    offset += local.length + nameBytes.length + compressed.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(central.length / 2, 8);
  end.writeUInt16LE(central.length / 2, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  writeFileSync(zipPath, Buffer.concat([...chunks, directory, end]));
}

module.exports = { writeZip };
