import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GitCommandError, runGit, type GitResult } from './git-process';
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
      error.args,
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
    if (usable) await this.resetToRemote();
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
    const before = await this.tip();
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
  }

  /** Drops local commits and edits without asking the remote (it is not answering). */
  async resetToLastKnownRemote(): Promise<void> {
    await this.git(['reset', '--quiet', '--hard', `refs/remotes/origin/${this.branch}`]);
    await this.git(['clean', '--quiet', '-d', '--force', '-x']);
  }

  private async tip(): Promise<string> {
    return (await this.git(['rev-parse', 'HEAD'])).stdout.trim();
  }

  private async remoteTip(): Promise<string> {
    return (await this.git(['rev-parse', `refs/remotes/origin/${this.branch}`])).stdout.trim();
  }

  /** Zone names that have a `<zone>.domain` regular file at the top of the repository. */
  async zones(): Promise<Set<string>> {
    const entries = await readdir(this.options.dir, { withFileTypes: true });
    return new Set(
      entries
        .filter((entry) => entry.isFile() && entry.name.endsWith(ZONE_FILE_SUFFIX))
        .map((entry) => entry.name.slice(0, -ZONE_FILE_SUFFIX.length))
        .filter((zone) => zone === zone.toLowerCase()),
    );
  }

  readZone(zone: string): Promise<string> {
    return readFile(join(this.options.dir, zoneFileName(zone)), 'utf8');
  }

  writeZone(zone: string, text: string): Promise<void> {
    return writeFile(join(this.options.dir, zoneFileName(zone)), text);
  }

  /** Commits the given zone files; returns the new commit id. */
  async commit(zones: readonly string[], message: string, author: Author): Promise<string> {
    await this.git(
      [
        '-c',
        'user.name=httprequest-lego-provider',
        '-c',
        'user.email=httprequest-lego-provider@localhost',
        'commit',
        '--quiet',
        '--no-verify',
        `--author=${author.name} <${author.email}>`,
        '--file=-',
        '--',
        ...zones.map(zoneFileName),
      ],
      message,
    );
    return this.tip();
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

  /** Whether the remote answers at all (for readiness). */
  async ping(): Promise<void> {
    await this.git(['ls-remote', '--quiet', '--heads', 'origin', this.branch]);
  }
}
