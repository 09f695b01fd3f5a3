import { performance } from 'node:perf_hooks';

/** When each line of the service's JSON log arrived, and the line of each request id. */
export class LogWatch {
  readonly lineTimes: number[] = [];
  private readonly requestLines = new Map<string, number>();

  readonly onLine = (line: string, at = performance.now()): void => {
    this.lineTimes.push(at);
    try {
      const id = (JSON.parse(line) as { req?: { id?: unknown } }).req?.id;
      if (typeof id === 'string') this.requestLines.set(id, at);
    } catch {
      // not a JSON line (start-up banner): its time still counts
    }
  };

  /** When the log line of the request with this `X-Request-Id` arrived, if it has. */
  loggedAt(requestId: string): number | undefined {
    return this.requestLines.get(requestId);
  }

  /** The longest stretch between `from` and `to` with no line at all, in ms. */
  longestSilence(from: number, to: number): number {
    let previous = from;
    let longest = 0;
    for (const at of this.lineTimes) {
      if (at < from || at > to) continue;
      longest = Math.max(longest, at - previous);
      previous = at;
    }
    return Math.max(longest, to - previous);
  }

  linesBetween(from: number, to: number): number {
    return this.lineTimes.filter((at) => at >= from && at <= to).length;
  }
}
