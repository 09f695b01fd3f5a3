import { flattenActionResults } from './flatten-action-results';

describe('flattenActionResults', () => {
  it('turns nested objects into dotted keys with string values', () => {
    expect(flattenActionResults({ a: { b: 1, c: { d: true } }, e: 'x' })).toEqual({
      'a.b': '1',
      'a.c.d': 'true',
      e: 'x',
    });
  });

  it('refuses keys that collide once flattened', () => {
    expect(() => flattenActionResults({ a: { b: 1 }, 'a.b': 2 })).toThrow(
      'cannot flatten action results: duplicate key "a.b"',
    );
  });
});
