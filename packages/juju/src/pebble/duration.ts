// Go's time.ParseDuration units, in milliseconds.
const UNIT_MS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** Formats milliseconds as a Go duration string, which is what Pebble accepts (`1500` → `1.5s`). */
export function formatDuration(ms: number): string {
  return `${ms / 1000}s`;
}

/** Parses a Go duration string (`30s`, `1m30s`, `500ms`) into milliseconds. */
export function parseDuration(text: string): number {
  const parts = /^(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+$/.test(text)
    ? text.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)
    : undefined;
  if (parts === undefined) {
    if (text === '0') return 0;
    throw new Error(`cannot parse duration "${text}"`);
  }
  let total = 0;
  for (const [, value, unit] of parts) {
    total += Number(value) * (UNIT_MS[unit ?? ''] ?? 0);
  }
  return total;
}
