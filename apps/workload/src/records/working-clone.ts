import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { deflateSync } from 'node:zlib';
import {
  encodeCommit,
  encodeObject,
  encodeTree,
  objectId,
  type ObjectType,
  parseLsTree,
  type TreeEntry,
} from './git-objects';
import { GitCommandError, runGit, type GitResult } from './git-process';
import { type CommitEntry, LOG_FORMAT, parseLog } from './recent-changes';
import { ZONE_FILE_SUFFIX, zoneFileName } from './zone-file';

export interface WorkingCloneOptions {
  readonly dir: string;
  /** What git is given; may hold credentials. */
  readonly url: string;
  /** The same, safe to log. */
  readonly redactedUrl: string;
  /** Undefined: the remote's default branch. */
  readonly branch?: string;
  readonly env: NodeJS.ProcessEnv;
  readonly timeoutMs: number;
}

export type PushResult = 'pushed' | 'stale';

export interface Author {
  readonly name: string;
  readonly email: string;
}

/** The remote said no for a reason other than a newer tip (a hook, permissions). */
export class PushRefusedError extends Error {
  override readonly name = 'PushRefusedError';
}

/**
 * The service's own clone of the zone repository: read and write zone files, commit, push, and
 * get back in line with the remote. Only this class runs git.
 */
export class WorkingClone {
  private branchName?: string;
  /** The commit checked out, and its root tree: kept here so that a batch needs no git process but the push. */
  private head?: { readonly commit: string; readonly entries: readonly TreeEntry[] };

  constructor(private readonly options: WorkingCloneOptions) {}

  get branch(): string {
    if (!this.branchName) throw new Error('the clone is not open');
    return this.branchName;
  }

  get location(): string {
    return this.options.redactedUrl;
  }

  private git(args: string[], input?: string): Promise<GitResult> {
    return runGit(['-c', 'gc.auto=0', '-c', 'core.fsync=none', ...args], {
      cwd: this.options.dir,
      env: this.options.env,
      timeoutMs: this.options.timeoutMs,
      input,
    }).catch((error: unknown) => {
      throw this.redact(error);
    });
  }

  /** Git's messages may quote the URL: never let its credentials out. */
  private redact(error: unknown): unknown {
    if (!(error instanceof GitCommandError) || this.options.url === this.options.redactedUrl)
      return error;
    const clean = (text: string) => text.split(this.options.url).join(this.options.redactedUrl);
    return new GitCommandError(
      error.args.map(clean),
      error.exitCode,
      clean(error.stdout),
      clean(error.stderr),
      error.timedOut,
    );
  }

  /**
   * Clones when there is no usable clone; otherwise fetches and resets to the remote tip,
   * dropping whatever a crash left behind (a commit not pushed, half-written files).
   */
  async open(): Promise<void> {
    const usable =
      existsSync(join(this.options.dir, '.git')) && (await this.hasOrigin(this.options.url));
    if (!usable) {
      await rm(this.options.dir, { recursive: true, force: true });
      await mkdir(this.options.dir, { recursive: true, mode: 0o700 });
      const branch = this.options.branch ? ['--branch', this.options.branch] : [];
      await this.git([
        'clone',
        '--quiet',
        '--no-tags',
        '--single-branch',
        ...branch,
        '--',
        this.options.url,
        '.',
      ]);
    }
    this.branchName =
      this.options.branch ?? (await this.git(['symbolic-ref', '--short', 'HEAD'])).stdout.trim();
    await this.loadHead();
    if (usable) await this.resetToRemote();
  }

  private async loadHead(): Promise<void> {
    const commit = (await this.git(['rev-parse', 'HEAD'])).stdout.trim();
    const entries = parseLsTree((await this.git(['ls-tree', '-z', commit])).stdout);
    this.head = { commit, entries };
  }

  private get current(): NonNullable<WorkingClone['head']> {
    if (!this.head) throw new Error('the clone is not open');
    return this.head;
  }

  private async hasOrigin(url: string): Promise<boolean> {
    try {
      return (await this.git(['remote', 'get-url', 'origin'])).stdout.trim() === url;
    } catch {
      return false;
    }
  }

  /** Fetches the branch; true when the remote tip moved away from ours. */
  async fetch(): Promise<boolean> {
    const before = this.current.commit;
    await this.git([
      'fetch',
      '--quiet',
      '--no-tags',
      'origin',
      `+refs/heads/${this.branch}:refs/remotes/origin/${this.branch}`,
    ]);
    return (await this.remoteTip()) !== before;
  }

  async resetToRemote(): Promise<void> {
    await this.fetch();
    await this.git([
      'checkout',
      '--quiet',
      '--force',
      '-B',
      this.branch,
      `refs/remotes/origin/${this.branch}`,
    ]);
    await this.git(['clean', '--quiet', '-d', '--force', '-x']);
    await this.loadHead();
  }

  /** Drops local commits and edits without asking the remote (it is not answering). */
  async resetToLastKnownRemote(): Promise<void> {
    await this.git(['reset', '--quiet', '--hard', `refs/remotes/origin/${this.branch}`]);
    await this.git(['clean', '--quiet', '-d', '--force', '-x']);
    await this.loadHead();
  }

  private async remoteTip(): Promise<string> {
    return (await this.git(['rev-parse', `refs/remotes/origin/${this.branch}`])).stdout.trim();
  }

  /** Zone names that have a `<zone>.domain` file (not a link) at the top of the repository. */
  zones(): Set<string> {
    return new Set(
      this.current.entries
        .filter(
          (entry) =>
            (entry.mode === '100644' || entry.mode === '100755') &&
            entry.name.endsWith(ZONE_FILE_SUFFIX),
        )
        .map((entry) => entry.name.slice(0, -ZONE_FILE_SUFFIX.length))
        .filter((zone) => zone === zone.toLowerCase()),
    );
  }

  readZone(zone: string): Promise<string> {
    return readFile(join(this.options.dir, zoneFileName(zone)), 'utf8');
  }

  /**
   * Writes the zone files and commits them on top of HEAD, writing the objects and moving the
   * branch itself (what `git commit` would do, without its process). Returns the commit id.
   * The few small writes are synchronous: cheaper than a round trip through the thread pool each.
   */
  commit(files: ReadonlyMap<string, string>, message: string, author: Author): string {
    const entries = new Map(this.current.entries.map((entry) => [entry.name, entry]));
    for (const [zone, text] of files) {
      const name = zoneFileName(zone);
      writeFileSync(join(this.options.dir, name), text);
      const id = this.writeObject('blob', Buffer.from(text, 'utf8'));
      entries.set(name, { mode: entries.get(name)?.mode ?? '100644', name, id });
    }
    const tree = this.writeObject('tree', encodeTree([...entries.values()]));
    const time = Math.floor(Date.now() / 1000);
    const commit = this.writeObject(
      'commit',
      encodeCommit({
        tree,
        parent: this.current.commit,
        author: { ...author, time },
        committer: {
          name: 'httprequest-lego-provider',
          email: 'httprequest-lego-provider@localhost',
          time,
        },
        message,
      }),
    );
    replaceFile(join(this.options.dir, '.git', 'refs', 'heads', this.branch), `${commit}\n`);
    this.head = { commit, entries: [...entries.values()] };
    return commit;
  }

  /** Stores a loose object (zlib-deflated, under its id), as git does. */
  private writeObject(type: ObjectType, body: Buffer): string {
    const encoded = encodeObject(type, body);
    const id = objectId(encoded);
    const path = join(this.options.dir, '.git', 'objects', id.slice(0, 2), id.slice(2));
    if (!existsSync(path)) replaceFile(path, deflateSync(encoded));
    return id;
  }

  /** Pushes the tip. `stale` means another writer moved the branch first: fetch and try again. */
  async push(): Promise<PushResult> {
    try {
      // A successful push also moves refs/remotes/origin/<branch> (the clone's fetch refspec).
      await this.git([
        'push',
        '--quiet',
        '--porcelain',
        'origin',
        `HEAD:refs/heads/${this.branch}`,
      ]);
      return 'pushed';
    } catch (error) {
      if (!(error instanceof GitCommandError) || error.timedOut) throw error;
      const status = error.stdout.split('\n').find((line) => line.startsWith('!'));
      if (
        status &&
        /\[rejected\]|cannot lock|failed to update ref|incorrect old value/.test(status)
      )
        return 'stale';
      if (status)
        throw new PushRefusedError(`the remote refused the push: ${status.split('\t').pop()}`);
      throw error;
    }
  }

  /**
   * The latest commits the remote has (as of our last fetch or push), newest first. Read-only:
   * safe while a batch is being written.
   */
  async log(limit: number): Promise<CommitEntry[]> {
    const { stdout } = await this.git([
      'log',
      `--max-count=${limit}`,
      `--format=${LOG_FORMAT}`,
      `refs/remotes/origin/${this.branch}`,
      '--',
    ]);
    return parseLog(stdout);
  }

  /** Whether the remote answers at all (for readiness). */
  async ping(): Promise<void> {
    await this.git(['ls-remote', '--quiet', '--heads', 'origin', this.branch]);
  }
}

/** Writes through a temporary file and a rename, so that git never reads half of it. */
function replaceFile(path: string, content: string | Buffer): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, content);
  renameSync(temporary, path);
}
