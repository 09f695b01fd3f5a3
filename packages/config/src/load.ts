import { OPTIONS, type Config, type OptionKey } from './options';
import { OptionValueError, type Option } from './option';

/** One thing wrong with the environment: which variable, and what it must be. */
export interface ConfigIssue {
  readonly key: OptionKey;
  readonly env: string;
  readonly message: string;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly issues: readonly ConfigIssue[]) {
    super(
      `cannot start: the configuration has ${issues.length} problem${issues.length === 1 ? '' : 's'}:\n` +
        issues.map((issue) => `  - ${issue.env}: ${issue.message}`).join('\n'),
    );
  }
}

export type Environment = Readonly<Record<string, string | undefined>>;

function firstSet(option: Option<unknown>, env: Environment): [string, string] | undefined {
  for (const name of option.env) {
    const raw = env[name];
    if (raw !== undefined && raw !== '') return [name, raw];
  }
  return undefined;
}

/**
 * Parses the environment into a {@link Config}. Every problem is collected, then reported at
 * once in a single {@link ConfigError}, so an operator fixes them all in one go.
 */
export function loadConfig(env: Environment): Config {
  const values: Record<string, unknown> = {};
  const issues: ConfigIssue[] = [];
  for (const [key, option] of Object.entries(OPTIONS) as [OptionKey, Option<unknown>][]) {
    const found = firstSet(option, env);
    if (found) {
      const [name, raw] = found;
      try {
        values[key] = option.parse(raw);
      } catch (error) {
        if (!(error instanceof OptionValueError)) throw error;
        const shown = option.secret ? '' : ` (got ${JSON.stringify(raw)})`;
        issues.push({ key, env: name, message: `${error.message}${shown}` });
      }
      continue;
    }
    try {
      values[key] = typeof option.default === 'function' ? option.default(values) : option.default;
    } catch (error) {
      // A computed default that cannot be built (because an option it reads is invalid) is
      // not reported twice: the invalid option already is.
      if (!(error instanceof OptionValueError)) throw error;
    }
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return Object.freeze(values) as Config;
}
