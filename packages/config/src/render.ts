import { join } from 'node:path';
import { OPTIONS, type Config, type OptionKey } from './options';
import type { Option } from './option';

/** A file the workload needs on disk, as the charm pushes it into the workload container. */
export interface WorkloadFile {
  readonly path: string;
  readonly content: string;
  readonly mode: number;
}

type FileOptionKey = {
  [K in OptionKey]: (typeof OPTIONS)[K] extends { file: object } ? K : never;
}[OptionKey];

export interface WorkloadInput {
  /** Option values; unset ones keep the workload's defaults. */
  readonly values: Partial<{ -readonly [K in Exclude<OptionKey, FileOptionKey>]: Config[K] }>;
  /** Contents of file-backed options (for example the SSH private key). */
  readonly files?: Partial<Record<FileOptionKey, string>>;
  /** Where file-backed options are written. */
  readonly filesDir: string;
}

export interface Workload {
  /** Environment of the workload process: canonical variable names only. */
  readonly environment: Record<string, string>;
  readonly files: WorkloadFile[];
}

/**
 * Turns option values into what the workload process needs: its environment, and the files that
 * file-backed options point at. The result parses back through `loadConfig` to the same values.
 */
export function renderWorkload(input: WorkloadInput): Workload {
  const environment: Record<string, string> = {};
  const files: WorkloadFile[] = [];
  for (const [key, option] of Object.entries(OPTIONS) as [OptionKey, Option<unknown>][]) {
    const fileContent = (input.files as Record<string, string | undefined> | undefined)?.[key];
    if (option.file && fileContent !== undefined) {
      const path = join(input.filesDir, option.file.name);
      const content = fileContent.endsWith('\n') ? fileContent : `${fileContent}\n`;
      files.push({ path, content, mode: option.file.mode });
      environment[option.env[0]] = path;
      continue;
    }
    const value = (input.values as Record<string, unknown>)[key];
    if (value !== undefined && value !== null) environment[option.env[0]] = option.format(value);
  }
  return { environment, files };
}
