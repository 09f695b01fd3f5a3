import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  addTxtRecord,
  bumpSoaSerial,
  type Edit,
  editTxtRecords,
  findZone,
  removeTxtRecord,
  txtValuesAt,
  ZoneFileError,
} from './zone-file';

interface EditCase {
  readonly op: 'present' | 'cleanup' | 'update' | 'bump-serial';
  readonly zone: string;
  readonly name?: string;
  readonly value?: string;
  readonly ttl?: number;
}

const FIXTURES = join(__dirname, 'fixtures', 'zones');

function apply(text: string, edit: EditCase): Edit {
  switch (edit.op) {
    case 'present':
      return addTxtRecord(text, edit.zone, edit.name!, edit.value!, edit.ttl!);
    case 'cleanup':
      return removeTxtRecord(text, edit.zone, edit.name!, edit.value!);
    case 'update': {
      const batch = editTxtRecords(
        text,
        edit.zone,
        [{ kind: 'update', name: edit.name!, value: edit.value! }],
        edit.ttl!,
      );
      return { text: batch.text, changed: batch.changed[0] };
    }
    case 'bump-serial':
      return bumpSoaSerial(text, edit.zone);
  }
}

function load(kind: string) {
  return readdirSync(join(FIXTURES, kind)).map((name) => {
    const dir = join(FIXTURES, kind, name);
    const read = (file: string) =>
      existsSync(join(dir, file)) ? readFileSync(join(dir, file), 'utf8') : undefined;
    return {
      name,
      before: read('before.domain')!,
      after: read('after.domain'),
      error: read('error.txt')?.trim(),
      edit: JSON.parse(read('edit.json')!) as EditCase,
    };
  });
}

describe('zone files: golden cases', () => {
  it.each(load('ok'))('$name', ({ before, after, edit }) => {
    const result = apply(before, edit);
    // No after.domain means the edit must change nothing.
    expect(result).toEqual({ text: after ?? before, changed: after !== undefined });
    if (edit.op !== 'bump-serial') {
      // Applying the same edit again never changes anything more.
      expect(apply(result.text, edit)).toEqual({ text: result.text, changed: false });
    }
  });

  it.each(load('not-ok'))('$name is refused', ({ before, error, edit }) => {
    expect(() => apply(before, edit)).toThrow(ZoneFileError);
    expect(() => apply(before, edit)).toThrow(error);
  });
});

describe('present then cleanup', () => {
  it('gives back the very same bytes', () => {
    for (const { before, edit } of load('ok').filter((c) => c.edit.op === 'present')) {
      const presented = apply(before, edit);
      const cleaned = removeTxtRecord(presented.text, edit.zone, edit.name!, edit.value!);
      if (presented.changed)
        expect(cleaned.text.replace(/\r?\n$/, '')).toBe(before.replace(/\r?\n$/, ''));
    }
  });
});

describe('editTxtRecords: a batch, reading the zone once', () => {
  const zone =
    '$ORIGIN example.com.\n@ 60 IN SOA ns. h. 1 1 1 1 1\n_acme-challenge 60 IN TXT "old"\n';
  const at = (
    value: string,
    kind: 'present' | 'cleanup' | 'update' = 'present',
    name = '_acme-challenge.example.com',
  ) => ({
    kind,
    name,
    value,
  });

  it('applies edits in order, each with its own outcome', () => {
    const result = editTxtRecords(
      zone,
      'example.com',
      [
        at('a'),
        at('a'),
        at('old'),
        at('old', 'cleanup'),
        at('b', 'present', '_acme-challenge.www.example.com'),
        at('absent', 'cleanup'),
      ],
      60,
    );
    expect(result.changed).toEqual([true, false, false, true, true, false]);
    expect(result.text).toBe(
      '$ORIGIN example.com.\n@ 60 IN SOA ns. h. 1 1 1 1 1\n_acme-challenge 60 IN TXT "a"\n_acme-challenge.www 60 IN TXT "b"\n',
    );
  });

  it('leaves the text as it was for a value added and removed in one batch', () => {
    const result = editTxtRecords(zone, 'example.com', [at('brief'), at('brief', 'cleanup')], 60);
    expect(result).toEqual({ text: zone, changed: [true, true] });
  });

  it('adds back a value removed earlier in the batch', () => {
    const result = editTxtRecords(zone, 'example.com', [at('old', 'cleanup'), at('old')], 60);
    expect(result.changed).toEqual([true, true]);
    expect(result.text).toBe(zone);
  });

  it('keeps the two newest values through updates within one batch, as acme-dns does', () => {
    const result = editTxtRecords(
      zone,
      'example.com',
      [at('a', 'update'), at('b', 'update'), at('b', 'update'), at('c', 'update')],
      60,
    );
    expect(result.changed).toEqual([true, true, false, true]);
    expect(txtValuesAt(result.text, 'example.com', '_acme-challenge.example.com')).toEqual([
      'b',
      'c',
    ]);
  });

  it('lets a cleanup withdraw a value an update appended in the same batch', () => {
    const result = editTxtRecords(zone, 'example.com', [at('a', 'update'), at('a', 'cleanup')], 60);
    expect(result.changed).toEqual([true, true]);
    expect(result.text).toBe(zone);
  });
});

describe('txtValuesAt', () => {
  it('reads every value at a name, inherited owners included', () => {
    const text =
      '$ORIGIN example.com.\n_acme-challenge TXT "a"\n  TXT "b"\nother TXT "c"\n_acme-challenge.example.com. TXT "d" "e"\n';
    expect(txtValuesAt(text, 'example.com', '_acme-challenge.example.com')).toEqual([
      'a',
      'b',
      'de',
    ]);
  });
});

describe('findZone', () => {
  const zones = new Set([
    'example.com',
    'example.co.uk',
    'sub.example.com',
    '_acme-challenge.delegated.example.com',
  ]);

  it.each([
    ['_acme-challenge.example.com', 'example.com'],
    ['_acme-challenge.www.example.com', 'example.com'],
    ['_acme-challenge.example.co.uk', 'example.co.uk'],
    ['_acme-challenge.sub.example.com', 'sub.example.com'],
    ['_acme-challenge.a.sub.example.com', 'sub.example.com'],
    ['_acme-challenge.delegated.example.com', '_acme-challenge.delegated.example.com'],
    ['_acme-challenge.example.org', undefined],
    ['_acme-challenge.co.uk', undefined],
  ])('%s is in %s', (name, zone) => {
    expect(findZone(name, zones)).toBe(zone);
  });
});
