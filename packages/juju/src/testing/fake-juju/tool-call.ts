import { dump } from 'js-yaml';

import { type Environment } from '../../context/environment';
import { type FakeJujuState } from './fake-juju-state';

/** A hook tool failure, printed as `ERROR <message>` with an exit code (2 for usage errors, as gnuflag does). */
export class ToolFailure extends Error {
  override readonly name = 'ToolFailure';

  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/** One invocation of a fake hook tool. */
export interface ToolCall {
  readonly args: readonly string[];
  /** The state, mutable; it is saved after the call. */
  readonly state: FakeJujuState;
  readonly env: Environment;
  readStdin(): string;
}

/** Implements one hook tool; returns what it prints. */
export type ToolHandler = (call: ToolCall) => string | void;

/** Which options a tool accepts (Juju's gnuflag treats `-x` and `--x` alike). */
export interface ArgSpec {
  /** Options that take a value (`--format json`, `--format=json`, `-r 3`). */
  readonly values?: readonly string[];
  /** Boolean options (`--app`, `--application=false`). */
  readonly flags?: readonly string[];
}

/** Parsed arguments. */
export interface ParsedArgs {
  readonly options: ReadonlyMap<string, string | boolean>;
  readonly positional: readonly string[];
}

/** Parses argv like Juju's hook tools do; an unknown option is a usage error. */
export function parseToolArgs(args: readonly string[], spec: ArgSpec): ParsedArgs {
  const options = new Map<string, string | boolean>();
  const positional: string[] = [];
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] ?? '';
    if (arg === '--') {
      positional.push(...args.slice(index + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positional.push(arg);
      continue;
    }
    const [name = '', inline] = arg.replace(/^--?/, '').split(/=(.*)/s, 2);
    if (spec.flags?.includes(name)) {
      options.set(name, inline === undefined ? true : inline === 'true');
    } else if (spec.values?.includes(name)) {
      const value = inline ?? args[++index];
      if (value === undefined) {
        throw new ToolFailure(`flag needs an argument: ${arg}`, 2);
      }
      options.set(name, value);
    } else {
      throw new ToolFailure(`flag provided but not defined: ${arg}`, 2);
    }
  }
  return { options, positional };
}

/** Prints a value in the requested `--format` (Juju's default "smart" format is YAML-like). */
export function formatOutput(value: unknown, format: string | boolean | undefined): string {
  if (format === 'json') {
    return `${JSON.stringify(value ?? null)}\n`;
  }
  if (typeof value === 'string') {
    return `${value}\n`;
  }
  return value === undefined || value === null ? '' : dump(value);
}

/** Splits `key=value` (and `key#file=path`, `key#base64=data`) arguments. */
export function keyValue(arg: string): { key: string; encoding?: string; value: string } {
  const equals = arg.indexOf('=');
  if (equals <= 0) {
    throw new ToolFailure(`expected key=value, got "${arg}"`, 2);
  }
  const [key = '', encoding] = arg.slice(0, equals).split('#', 2);
  return { key, ...(encoding === undefined ? {} : { encoding }), value: arg.slice(equals + 1) };
}
