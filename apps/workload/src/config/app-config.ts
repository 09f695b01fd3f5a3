import type { Config } from '@hlp/config';

/** Injection token of the process's parsed {@link Config}. */
export const APP_CONFIG = Symbol('APP_CONFIG');

/** The configuration after start-up: the secret key is always there (configured or generated). */
export type AppConfig = Config & {
  readonly secretKey: string;
  /** What child processes (git, ssh) inherit from the service's environment. */
  readonly childEnvironment: Readonly<Record<string, string>>;
};
