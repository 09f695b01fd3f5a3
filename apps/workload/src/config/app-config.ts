import type { Config } from '@hlp/config';

/** Injection token of the process's parsed {@link Config}. */
export const APP_CONFIG = Symbol('APP_CONFIG');

/** The configuration after start-up: the secret key is always there (configured or generated). */
export type AppConfig = Config & {
  readonly secretKey: string;
  /** What child processes (git, ssh) inherit from the service's environment. */
  readonly childEnvironment: Readonly<Record<string, string>>;
  /**
   * The scrypt cost of new password hashes, when not the current one: never from the environment;
   * medium tests set a low one, as hashing at the full cost would be most of their time.
   */
  readonly passwordCost?: { readonly ln: number; readonly r: number; readonly p: number };
};
