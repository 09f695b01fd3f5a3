/**
 * The environment a charm reads, as a plain map (`process.env` is one). The seam through which
 * tests give a charm a dispatch environment without touching the real one.
 */
export type Environment = Readonly<Record<string, string | undefined>>;
