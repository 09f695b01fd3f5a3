import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The admin pages' only assets, files in `static/admin` beside `src` and `dist` (no CDN, no web
 * fonts): a stylesheet and a small script that only adds comfort (keyboard shortcuts,
 * confirmations, copy buttons).
 */
export const ASSETS_DIR = join(__dirname, '..', '..', 'static', 'admin');

/** Where the pages find them. */
export interface AssetLinks {
  readonly stylesheet: string;
  readonly script: string;
}

/**
 * The assets under names that carry a hash of their content (`admin.0123456789.css`): a new
 * release gets new names, so browsers may keep each one forever.
 */
export class AdminAssets {
  readonly links: AssetLinks;
  private readonly files: ReadonlyMap<string, string>;

  constructor(dir: string) {
    const files = new Map<string, string>();
    for (const file of readdirSync(dir)) {
      const hash = createHash('sha256')
        .update(readFileSync(join(dir, file)))
        .digest('hex')
        .slice(0, 10);
      files.set(file.replace(/\.(\w+)$/, `.${hash}.$1`), file);
    }
    this.files = files;
    const link = (file: string): string => {
      const name = [...files].find(([, original]) => original === file)?.[0];
      if (name === undefined) throw new Error(`cannot find the admin asset ${join(dir, file)}`);
      return `/admin/assets/${name}`;
    };
    this.links = { stylesheet: link('admin.css'), script: link('admin.js') };
  }

  /** The file (in {@link ASSETS_DIR}) served under `name`, if any. */
  file(name: string): string | undefined {
    return this.files.get(name);
  }
}
