import { join } from 'node:path';

import { REPO_DIR } from './paths';

/** What toolchain.json pins, and the installer that checks it (scripts/toolchain.js). */
interface Toolchain {
  readonly TOOLCHAIN: {
    readonly node: {
      readonly version: string;
      readonly tarball: string;
      readonly sha256: string;
      readonly binarySha256: string;
    };
    readonly pnpm: {
      readonly version: string;
      readonly tarball: string;
      readonly sha256: string;
      readonly executable: { readonly tarball: string; readonly sha256: string };
    };
  };
  download(url: string, sha256: string): Promise<Buffer>;
  installNode(): Promise<{ prefix: string; node: string }>;
  installPnpm(): Promise<string>;
  unsupportedNode(version: string): string | undefined;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const toolchain = require(join(REPO_DIR, 'scripts', 'toolchain.js')) as Toolchain;

export const { TOOLCHAIN, download, installNode, installPnpm, unsupportedNode } = toolchain;
