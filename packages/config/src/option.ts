/** One workload option, declared once: how it is read, checked, defaulted and documented. */
export interface Option<T> {
  /** Environment variables read, in order of precedence; the first is the canonical name. */
  readonly env: readonly [string, ...string[]];
  readonly description: string;
  /** Never printed, logged or put in a process list. */
  readonly secret?: boolean;
  /** Turns the raw environment text into the value, or throws an {@link OptionValueError}. */
  readonly parse: (raw: string) => T;
  /** Turns a value back into environment text (the inverse of `parse`). */
  readonly format: (value: NonNullable<T>) => string;
  /** The value when no variable is set; a function may depend on options declared before it. */
  readonly default?: T | ((earlier: Readonly<Record<string, unknown>>) => T);
  /** How the default reads in the documentation, when it is computed. */
  readonly defaultText?: string;
  /** The workload reads this option's value from a file the charm writes (for example a key). */
  readonly file?: { readonly name: string; readonly mode: number };
}

/** Thrown by a parser: the text says what was expected. */
export class OptionValueError extends Error {
  override readonly name = 'OptionValueError';
}

export function option<T>(spec: Option<T>): Option<T> {
  return spec;
}

export const text = {
  parse: (raw: string): string => {
    if (raw.trim() === '') throw new OptionValueError('must not be empty');
    return raw;
  },
  format: (value: string): string => value,
};

export function integer(min: number, max: number) {
  return {
    parse: (raw: string): number => {
      const trimmed = raw.trim();
      if (!/^-?\d+$/.test(trimmed)) {
        throw new OptionValueError(`must be a whole number from ${min} to ${max}`);
      }
      const value = Number(trimmed);
      if (value < min || value > max) {
        throw new OptionValueError(`must be a whole number from ${min} to ${max}`);
      }
      return value;
    },
    format: (value: number): string => String(value),
  };
}

const TRUE = new Set(['1', 'true', 'yes', 'on']);
const FALSE = new Set(['0', 'false', 'no', 'off']);

export const boolean = {
  parse: (raw: string): boolean => {
    const lower = raw.trim().toLowerCase();
    if (TRUE.has(lower)) return true;
    if (FALSE.has(lower)) return false;
    throw new OptionValueError('must be true or false');
  },
  format: (value: boolean): string => String(value),
};

export function oneOf<const V extends string>(values: readonly V[]) {
  return {
    parse: (raw: string): V => {
      const lower = raw.trim().toLowerCase();
      const found = values.find((v) => v === lower);
      if (!found) throw new OptionValueError(`must be one of ${values.join(', ')}`);
      return found;
    },
    format: (value: V): string => value,
  };
}

/** A comma-separated list; blanks around items are ignored, empty items are refused. */
export function list(item: (raw: string) => string = (raw) => raw) {
  return {
    parse: (raw: string): string[] => {
      const items = raw.split(',').map((part) => part.trim());
      if (items.some((part) => part === '')) {
        throw new OptionValueError('must be a comma-separated list without empty items');
      }
      return items.map(item);
    },
    format: (value: readonly string[]): string => value.join(','),
  };
}
