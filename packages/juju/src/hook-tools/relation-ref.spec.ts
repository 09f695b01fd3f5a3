import { formatRelationRef, parseRelationRef } from './relation-ref';

describe('relation references', () => {
  it('round-trips endpoint:id, splitting at the last colon', () => {
    expect(parseRelationRef('postgresql:3')).toEqual({ endpoint: 'postgresql', id: 3 });
    expect(formatRelationRef({ endpoint: 'ingress', id: 12 })).toBe('ingress:12');
  });

  it.each(['3', 'db:', 'db:x', ':4'])('refuses %p', (text) => {
    expect(() => parseRelationRef(text)).toThrow(`cannot parse relation id "${text}"`);
  });
});
