import { createHash } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import { encodeObject } from './git-objects';
import { encodePack, entryHeader } from './pack-file';

describe('encodePack', () => {
  it('writes the type and length header git reads, four bits then seven a byte', () => {
    expect([...entryHeader(3, 0)]).toEqual([0x30]);
    expect([...entryHeader(1, 15)]).toEqual([0x1f]);
    expect([...entryHeader(2, 16)]).toEqual([0xa0, 0x01]);
    // 100,000 = 0x186a0: 0 in the first byte, then 0x186a = 0b1_1000011_0101010.
    expect([...entryHeader(3, 100_000)]).toEqual([0xb0, 0xea, 0x30]);
    expect([...entryHeader(3, 2 ** 32 + 1)]).toEqual([0xb1, 0x80, 0x80, 0x80, 0x80, 0x01]);
  });

  it('frames whole objects under a version 2 header, with the SHA-1 of it all after', async () => {
    const blob = encodeObject('blob', Buffer.from('zone\n'));
    const commit = encodeObject('commit', Buffer.from('tree 0\n\nm\n'));
    const pack = await encodePack([blob, commit]);
    expect(pack.subarray(0, 4).toString('latin1')).toBe('PACK');
    expect(pack.readUInt32BE(4)).toBe(2);
    expect(pack.readUInt32BE(8)).toBe(2);
    const body = pack.subarray(0, -20);
    expect(pack.subarray(-20)).toEqual(createHash('sha1').update(body).digest());
    // The first entry: a blob of 5 bytes, its body deflated.
    expect(pack[12]).toBe(0x35);
    expect(inflateSync(pack.subarray(13, -20), { finishFlush: 2 }).toString()).toMatch(/^zone\n/);
  });

  it('refuses bytes that are not an object as git hashes it', async () => {
    await expect(encodePack([Buffer.from('blob 9\0short')])).rejects.toThrow('not a git object');
    await expect(encodePack([Buffer.from('note 1\0x')])).rejects.toThrow('not a git object');
  });
});
