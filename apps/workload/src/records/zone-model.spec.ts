import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bumpSerial, editZone, type TxtEdit } from './zone-file';
import { txtValue, ZoneModel } from './zone-model';

const OK = join(__dirname, 'fixtures', 'zones', 'ok');

/** The zone file of every golden case. */
const ZONES = readdirSync(OK).map((name) => ({
  zone: (JSON.parse(readFileSync(join(OK, name, 'edit.json'), 'utf8')) as { zone: string }).zone,
  text: readFileSync(join(OK, name, 'before.domain'), 'utf8'),
}));

/** A small deterministic generator, so that a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/** What a model says about its zone: comparable between two models. */
function summary(model: ZoneModel) {
  const byOwner = [...model.byOwner].map(([owner, records]) => [owner, records.map(txtValue)]);
  return {
    text: model.text,
    // Records as parsed, offsets included: what later edits and serial bumps rely on.
    pieces: model.pieces,
    byOwner: byOwner.sort(),
    keys: [...model.byKey].map(([key, records]) => [key, records.length]).sort(),
    serial: model.soa?.rdata[2]?.text,
  };
}

describe('ZoneModel edited in place, batch after batch', () => {
  it.each(ZONES.map((zone, i) => ({ ...zone, seed: i + 1 })))(
    'stays what parsing its text gives ($zone, seed $seed)',
    ({ zone, text, seed }) => {
      const next = random(seed);
      const names = ['_acme-challenge', '_acme-challenge.www', 'txt', 'mail'].map(
        (label) => `${label}.${zone}`,
      );
      const values = ['a', 'b', 'c', 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcde'];
      const kinds: TxtEdit['kind'][] = ['present', 'cleanup', 'update'];
      const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)];
      const kept = ZoneModel.parse(text, zone);
      for (let batch = 0; batch < 40; batch += 1) {
        const edits = Array.from({ length: 1 + Math.floor(next() * 5) }, () => ({
          kind: pick(kinds),
          name: pick(names),
          value: pick(values),
        }));
        const fresh = ZoneModel.parse(kept.text, zone);
        expect(editZone(kept, edits, 60)).toEqual(editZone(fresh, edits, 60));
        if (next() < 0.3) expect(bumpSerial(kept)).toBe(bumpSerial(fresh));
        expect(summary(kept)).toEqual(summary(fresh));
        expect(summary(kept)).toEqual(summary(ZoneModel.parse(kept.text, zone)));
      }
    },
  );

  it('appends a present to a 100,000-record zone without touching its other pieces', () => {
    const lines = ['$ORIGIN example.com.', '@ 60 IN SOA ns. h. 1 1 1 1 1'];
    for (let i = 0; i < 100_000; i += 1) lines.push(`h${i} 60 IN TXT "v${i}"`);
    const model = ZoneModel.parse(`${lines.join('\n')}\n`, 'example.com');
    const before = model.pieces.slice();
    editZone(model, [{ kind: 'present', name: '_acme-challenge.example.com', value: 'x' }], 60);
    expect(before.every((piece, i) => model.pieces[i] === piece)).toBe(true);
    expect(model.pieces.length).toBe(before.length + 1);
    expect(model.text.endsWith('_acme-challenge 60 IN TXT "x"\n')).toBe(true);
  });
});
