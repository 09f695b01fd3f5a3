export { type ExecOptions, type ExecResult } from './exec';
export * from './errors';
export {
  type ListFilesOptions,
  type MakeDirOptions,
  type Ownership,
  type PushOptions,
} from './files';
export * from './layer';
export * from './pebble';
export * from './pebble-client';
export * from './types';
