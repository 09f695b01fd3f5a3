import { parseCookies } from './cookies';

describe('parseCookies', () => {
  it('reads names and values, decoding them; the first of a name wins', () => {
    expect(parseCookies('a=1; b=x%20y;c="quoted"; a=2')).toEqual({ a: '1', b: 'x y', c: 'quoted' });
  });

  it('skips what it cannot read', () => {
    expect(parseCookies(undefined)).toEqual({});
    expect(parseCookies('=nameless; novalue; bad=%E0%A4%A; ok=1')).toEqual({ ok: '1' });
  });
});
