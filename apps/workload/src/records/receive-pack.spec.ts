import { pushRequest, readReport } from './receive-pack';

const OLD = 'a'.repeat(40);
const NEW = 'b'.repeat(40);
const REF = 'refs/heads/main';

/** pkt-lines as receive-pack writes them; null is a flush. */
const stream = (...lines: (string | null)[]) =>
  Buffer.from(
    lines
      .map((line) =>
        line === null
          ? '0000'
          : `${(Buffer.byteLength(line) + 4).toString(16).padStart(4, '0')}${line}`,
      )
      .join(''),
  );

const ADVERTISEMENT = [`${OLD} ${REF}\0report-status quiet object-format=sha1\n`, null];

describe('pushRequest', () => {
  it('sends the update with its capabilities in one pkt-line, a flush, then the pack', () => {
    const request = pushRequest({ old: OLD, new: NEW, ref: REF }, Buffer.from('PACK…'));
    // 122 bytes: 0x7a.
    expect(request.toString()).toBe(`007a${OLD} ${NEW} ${REF}\0report-status quiet\n0000PACK…`);
  });
});

describe('readReport', () => {
  const read = (...report: (string | null)[]) =>
    readReport(stream(...ADVERTISEMENT, ...report), REF);

  it('reads an update that happened', () => {
    expect(read('unpack ok\n', `ok ${REF}\n`, null)).toEqual({ kind: 'pushed' });
  });

  it.each([
    'failed to update ref',
    'failed to lock',
    'cannot lock ref',
    'incorrect old value provided',
    'missing necessary objects',
  ])('takes "%s" for another writer that moved the branch', (reason) => {
    expect(read('unpack ok\n', `ng ${REF} ${reason}\n`, null)).toEqual({ kind: 'stale' });
  });

  it('passes on any other refusal with its reason', () => {
    expect(read('unpack ok\n', `ng ${REF} pre-receive hook declined\n`, null)).toEqual({
      kind: 'refused',
      reason: 'pre-receive hook declined',
    });
  });

  it('gives the unpacker’s own reason when the pack was not taken', () => {
    expect(read('unpack index-pack abnormal exit\n', `ng ${REF} unpacker error\n`, null)).toEqual({
      kind: 'refused',
      reason: 'unpack index-pack abnormal exit',
    });
  });

  it('has no verdict without a whole report for the ref', () => {
    expect(read('unpack ok\n', `ok ${REF}\n`)).toBeUndefined();
    expect(read('unpack ok\n', 'ok refs/heads/other\n', null)).toBeUndefined();
    expect(read(`ok ${REF}\n`, null)).toBeUndefined();
    expect(readReport(stream(`${OLD} ${REF}\0report-status\n`), REF)).toBeUndefined();
    expect(readReport(Buffer.from('00'), REF)).toBeUndefined();
    const whole = stream(...ADVERTISEMENT, 'unpack ok\n', `ok ${REF}\n`, null);
    expect(readReport(whole.subarray(0, -6), REF)).toBeUndefined();
  });

  it('counts the advertisement in bytes, whatever its ref names hold', () => {
    // A ref name that is not UTF-8: 0xe9 alone.
    const line = Buffer.from(`${OLD} refs/heads/\xe9t\xe9\0\n`, 'latin1');
    const advertisement = Buffer.concat([
      Buffer.from((line.length + 4).toString(16).padStart(4, '0')),
      line,
      Buffer.from('0000'),
    ]);
    const report = stream('unpack ok\n', `ok ${REF}\n`, null);
    expect(readReport(Buffer.concat([advertisement, report]), REF)).toEqual({ kind: 'pushed' });
  });
});
