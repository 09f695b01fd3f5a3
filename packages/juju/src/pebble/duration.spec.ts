import { formatDuration, parseDuration } from './duration';

describe('Go durations', () => {
  it.each([
    ['30s', 30_000],
    ['1m30s', 90_000],
    ['500ms', 500],
    ['1.5s', 1500],
    ['2h', 7_200_000],
    ['0', 0],
  ])('parses %p as %p ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it('formats milliseconds as seconds, which parse back', () => {
    expect(formatDuration(1500)).toBe('1.5s');
    expect(parseDuration(formatDuration(250))).toBe(250);
  });

  it('refuses text that is not a duration', () => {
    expect(() => parseDuration('soon')).toThrow('cannot parse duration "soon"');
  });
});
