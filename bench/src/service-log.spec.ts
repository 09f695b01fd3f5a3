import { LogWatch } from './service-log';

const requestLine = (id: string) =>
  JSON.stringify({ level: 30, req: { id, method: 'POST', url: '/present' }, msg: 'completed' });

describe('LogWatch', () => {
  it('remembers when the line of each request id arrived', () => {
    const logs = new LogWatch();
    logs.onLine(requestLine('legit-present-1'), 100);
    logs.onLine('not json', 150);
    logs.onLine(requestLine('legit-present-2'), 200);
    expect(logs.loggedAt('legit-present-1')).toBe(100);
    expect(logs.loggedAt('legit-present-2')).toBe(200);
    expect(logs.loggedAt('legit-present-3')).toBeUndefined();
    expect(logs.linesBetween(120, 200)).toBe(2);
  });

  it('measures the longest silence within a span, its ends included', () => {
    const logs = new LogWatch();
    for (const at of [50, 1100, 1200, 4000]) logs.onLine('{}', at);
    expect(logs.longestSilence(1000, 5000)).toBe(2800);
    expect(logs.longestSilence(1000, 9000)).toBe(5000);
    expect(logs.longestSilence(1300, 1400)).toBe(100);
  });
});
