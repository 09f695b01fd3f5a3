import { readFileSync } from 'node:fs';

import { type ConfigValue } from '@hlp/juju';
import { load } from 'js-yaml';

import { CHARMCRAFT_YAML } from './paths';

export interface ConfigOptionSpec {
  readonly type: 'string' | 'int' | 'boolean' | 'secret';
  readonly default?: ConfigValue;
  readonly description: string;
}

export interface ActionYaml {
  readonly params?: Record<string, { readonly type: string }>;
  readonly required?: readonly string[];
}

export interface Charmcraft {
  readonly name: string;
  readonly platforms: Record<string, unknown>;
  readonly containers: Record<string, { readonly resource: string }>;
  readonly resources: Record<string, { readonly type: string }>;
  readonly peers: Record<string, { readonly interface: string }>;
  readonly requires: Record<string, { interface: string; limit?: number; optional?: boolean }>;
  readonly provides: Record<string, { interface: string }>;
  readonly config: { readonly options: Record<string, ConfigOptionSpec> };
  readonly actions: Record<string, ActionYaml>;
  readonly analysis?: unknown;
  readonly parts: Record<string, Record<string, unknown>>;
}

export function charmcraft(): Charmcraft {
  return load(readFileSync(CHARMCRAFT_YAML, 'utf8')) as Charmcraft;
}

/** What `config-get` reports before the operator sets anything: the declared defaults. */
export function defaultConfig(): Record<string, ConfigValue> {
  return Object.fromEntries(
    Object.entries(charmcraft().config.options).flatMap(([name, option]) =>
      option.default === undefined ? [] : [[name, option.default]],
    ),
  );
}
