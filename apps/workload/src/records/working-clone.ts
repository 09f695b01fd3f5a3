import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { inflateSync } from 'node:zlib';
import {
  deflate,
  encodeCommit,
  encodeObject,
  encodeTree,
  objectId,
  type ObjectType,
  parseLsTree,
  parseTree,
  type TreeEntry,
} from './git-objects';
import { CloneDamagedError, isGitFailure, PushRefusedError } from './clone-errors';
import { exchange, GitCommandError, runGit, type GitResult } from './git-process';
import { encodePack } from './pack-file';
import { NO_UPDATES, pushRequest, readReport } from './receive-pack';
import { localPath, receivePackCommand } from './receive-pack-command';
import { countPacks, KEPT_PACKS_AT_MOST } from './remote-packs';
import { type CommitEntry, LOG_FORMAT, parseLog } from './recent-changes';
import type { HandedOverPush } from './push-turns';
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

/** FETCH_HEAD's first line: the id of the one branch fetched (SHA-1 or SHA-256), then a tab. */
const FETCHED_TIP = /^([0-9a-f]{40}(?:[0-9a-f]{24})?)\t/;

/**
 * Over SSH, the most the push sends whole (the objects' size before compression). A 10,000-record
 * zone file is about 280 KB: past this, the bytes on a slow link cost more than git push's
 * processes, and it sends the file as a delta.
 */
const WHOLE_OBJECTS_OVER_SSH_BYTES = 256 * 1024;

/**
 * Pushes that follow each other within this time (a busy spell) find the remote's receive-pack
 * started ahead, waiting for its input: a push then costs no process start (about 3 ms here on
 * file, more over SSH). One left unused gets no updates and ends.
 */
const RECEIVE_PACK_AHEAD = { farewell: NO_UPDATES, idleMs: 2_000 };

/**
 * Loose objects the clone may hold before they are packed: git's own `gc.auto`. The clone's git
 * runs with automatic gc off (it would run in the middle of a batch), so the clone packs itself.
 */
const LOOSE_OBJECTS_LIMIT = 6_700;

/** Loose objects written between two looks at how many the clone holds (a look reads 256 folders). */
const OBJECTS_BETWEEN_LOOKS = 500;

/** Packs the clone may hold before a tidy folds them all into one (each tidy that packs adds one). */
const PACKS_LIMIT = 16;

const sizeOf = (objects: readonly Buffer[]) =>
  objects.reduce((total, object) => total + object.length, 0);

/** A commit adopted from another instance: its message, and each zone file it changed. */
export interface AdoptedCommit {
  readonly message: string;
  readonly zones: ReadonlyMap<string, { readonly before: string; readonly after: string }>;
}

/** An object as git stores it loose: zlib-deflated, under its id. */
interface StoredObject {
  readonly id: string;
  readonly deflated: Buffer;
}

/** A commit this clone made: the tip it was built on, and its objects as git hashes them, by id. */
interface MadeCommit {
  readonly commit: string;
  readonly parent: string;
  readonly objects: ReadonlyMap<string, Buffer>;
}

export interface Author {
  readonly name: string;
  readonly email: string;
}

/**
 * The service's own clone of the zone repository: read and write zone files, commit, push, and
 * get back in line with the remote. Only this class runs git.
 */
export class WorkingClone {
  private branchName?: string;
  /** The commit checked out, and its root tree: kept here so that a batch needs no git process but the push's. */
  private head?: { readonly commit: string; readonly entries: readonly TreeEntry[] };
  /** The last commit made, as the next instance in line needs it once it is pushed. */
  private lastCommit?: HandedOverPush;
  /** The `.git/objects/xx` directories known to exist, so that a batch creates only new ones. */
  private readonly objectDirectories = new Set<string>();
  /**
   * The commits made since HEAD was last loaded and not known to be on the remote: the tip each
   * was built on, and its objects as git hashes them (by id), for the push's pack.
   */
  private readonly unpushed = new Map<string, MadeCommit>();
  /** The commits made whose objects are not written to the clone yet: `push` writes them. */
  private readonly unstored: MadeCommit[] = [];
  /** Loose objects written since the last look at how many the clone holds. */
  private looseSinceLook = 0;
  /** The tidy under way: one at a time. */
  private tidying?: Promise<boolean>;
  /**
   * The remote-tracking branch's move after the last push, which its batch's answers need not
   * wait for: whatever runs git here, or moves the branch again, waits for it. Should it fail,
   * the clone is damaged until it is rebuilt.
   */
  private tipMove: Promise<void> = Promise.resolve();
  private tipMoveFailure?: CloneDamagedError;
  /** How many packs the remote held after the last push, if it is on this machine. */
  private remotePacks?: Promise<number | undefined>;

  constructor(private readonly options: WorkingCloneOptions) {}

  get branch(): string {
    if (!this.branchName) throw new Error('the clone is not open');
    return this.branchName;
  }

  get location(): string {
    return this.options.redactedUrl;
  }

  /** Runs git in the clone. When it talks to the remote, a failure may be the remote's or the network's. */
  private async git(args: string[]): Promise<GitResult> {
    await this.tipMoved();
    return runGit(['-c', 'gc.auto=0', '-c', 'core.fsync=none', ...args], {
      cwd: this.options.dir,
      env: this.options.env,
      timeoutMs: this.options.timeoutMs,
    }).catch((error: unknown) => {
      throw this.redact(error);
    });
  }

  /** A git command that reads and writes the clone only: when git fails, the clone is damaged. */
  private local(args: string[]): Promise<GitResult> {
    return this.git(args).catch((error: unknown) => {
      throw isGitFailure(error) ? new CloneDamagedError(error) : error;
    });
  }

  /** Whether every commit and tree the refs lead to can be read (the blobs are not read). */
  private async checkIntegrity(): Promise<void> {
    await this.local(['fsck', '--connectivity-only', '--no-dangling', '--no-progress']);
  }

  /** A fetch or a push can also fail on our side of the wire: then the failure is damage. */
  private async diagnose(error: unknown): Promise<unknown> {
    if (!isGitFailure(error)) return error;
    return this.checkIntegrity().then(
      () => error,
      (damage: unknown) => damage,
    );
  }

  private clean(text: string): string {
    return text.split(this.options.url).join(this.options.redactedUrl);
  }

  /** Git's messages may quote the URL: never let its credentials out. */
  private redact(error: unknown): unknown {
    if (!(error instanceof GitCommandError) || this.options.url === this.options.redactedUrl)
      return error;
    const clean = (text: string) => this.clean(text);
    return new GitCommandError(
      error.args.map(clean),
      error.exitCode,
      clean(error.stdout),
      clean(error.stderr),
      error.timedOut,
    );
  }

  /**
   * Clones when there is no clone of this remote yet; otherwise checks it and resets it to the
   * remote tip, dropping whatever a crash left behind (a commit not pushed, half-written files).
   * Throws {@link CloneDamagedError} when git cannot read the clone.
   */
  async open(): Promise<void> {
    if (!(await this.isCloneOf(this.options.url))) return this.rebuild();
    await this.checkIntegrity();
    await this.loadBranch();
    await this.resetToRemote();
    // The working copy as the remote has it, so that the first read of each zone runs no git.
    await this.local([
      'checkout',
      '--quiet',
      '--force',
      '-B',
      this.branch,
      `refs/remotes/origin/${this.branch}`,
    ]);
    await this.local(['clean', '--quiet', '-d', '--force', '-x']);
  }

  /** Discards the clone, whatever state it is in, and clones the remote again. */
  async rebuild(): Promise<void> {
    await this.tipMove;
    this.tipMoveFailure = undefined;
    this.head = undefined;
    this.lastCommit = undefined;
    this.unpushed.clear();
    this.unstored.length = 0;
    this.objectDirectories.clear();
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
    await this.loadBranch();
  }

  private async loadBranch(): Promise<void> {
    this.branchName =
      this.options.branch ?? (await this.local(['symbolic-ref', '--short', 'HEAD'])).stdout.trim();
    await this.loadHead();
  }

  /**
   * HEAD, as far as this class is concerned: the commit the next batch builds on, and its tree.
   * It is the remote-tracking branch (or the commit just made on it), never git's own HEAD, which
   * this class does not move: commits are pushed by id.
   */
  private async loadHead(tip?: string): Promise<void> {
    // What was committed stays in the clone, pushed or not: a push by git may ask for it yet.
    await this.storeMade();
    const commit = tip ?? (await this.remoteTip());
    const entries = parseLsTree((await this.local(['ls-tree', '-z', commit])).stdout);
    this.head = { commit, entries };
    this.lastCommit = undefined;
    this.unpushed.clear();
  }

  /** The commit the next batch builds on. */
  get headCommit(): string {
    return this.current.commit;
  }

  private get current(): NonNullable<WorkingClone['head']> {
    if (!this.head) throw new Error('the clone is not open');
    return this.head;
  }

  /** False when there is no clone yet, or one of another repository (the configuration changed). */
  private async isCloneOf(url: string): Promise<boolean> {
    if (!existsSync(join(this.options.dir, '.git'))) return false;
    return (await this.local(['remote', 'get-url', 'origin'])).stdout.trim() === url;
  }

  /** Fetches the branch; true when the remote tip moved away from ours. */
  async fetch(): Promise<boolean> {
    const before = this.current.commit;
    return (await this.fetchTip()) !== before;
  }

  /** Fetches the branch, and builds the next batch on its tip if it moved. */
  async catchUp(): Promise<void> {
    const tip = await this.fetchTip();
    if (tip !== this.current.commit) await this.loadHead(tip);
  }

  /**
   * The remote's tip, fetched. Instances that share the remote fetch once per batch: nothing runs
   * that this does not need (no maintenance process, no look for submodules), and
   * the tip is read from FETCH_HEAD rather than asked of another git process.
   */
  private async fetchTip(): Promise<string> {
    await this.git([
      'fetch',
      '--quiet',
      '--no-tags',
      '--no-auto-maintenance',
      '--no-recurse-submodules',
      '--write-fetch-head',
      'origin',
      `+refs/heads/${this.branch}:refs/remotes/origin/${this.branch}`,
    ]).catch(async (error: unknown) => {
      throw await this.diagnose(error);
    });
    const fetched = await readFile(join(this.options.dir, '.git', 'FETCH_HEAD'), 'utf8').catch(
      () => '',
    );
    return FETCHED_TIP.exec(fetched)?.[1] ?? this.remoteTip();
  }

  /** Builds the next batch on the remote's tip, fetched: what a crash or another writer left goes. */
  async resetToRemote(): Promise<void> {
    await this.loadHead(await this.fetchTip());
  }

  /** Drops local commits without asking the remote (it is not answering). */
  async resetToLastKnownRemote(): Promise<void> {
    await this.loadHead();
  }

  private async remoteTip(): Promise<string> {
    return (await this.local(['rev-parse', `refs/remotes/origin/${this.branch}`])).stdout.trim();
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

  /** The id of the zone file's blob in HEAD. */
  zoneBlob(zone: string): string {
    const name = zoneFileName(zone);
    const entry = this.current.entries.find((candidate) => candidate.name === name);
    if (!entry) throw new Error(`HEAD has no ${name}`);
    return entry.id;
  }

  /**
   * A zone file's text as HEAD holds it. The working copy is read when its bytes are those of
   * HEAD (the case after a checkout: no git process); otherwise (the file was committed since, a
   * write cut short by a crash, line endings converted on checkout) git's own copy is.
   */
  async readZone(zone: string): Promise<string> {
    const blob = this.zoneBlob(zone);
    const bytes = await readFile(join(this.options.dir, zoneFileName(zone))).catch(() => undefined);
    if (bytes && objectId(encodeObject('blob', bytes)) === blob) return bytes.toString('utf8');
    // A commit not pushed yet keeps its objects in memory, written to the clone or not.
    const made = [...this.unpushed.values()].find((c) => c.objects.has(blob))?.objects.get(blob);
    if (made) return made.subarray(made.indexOf(0) + 1).toString('utf8');
    const loose = await this.readLooseBlob(blob);
    if (loose) return loose.toString('utf8');
    return (await this.local(['cat-file', 'blob', blob])).stdout;
  }

  /**
   * A blob stored loose (as a fetch of a few objects, a hand-over or our own commit leaves it),
   * read without a git process; undefined when it is packed, or does not read back whole. One
   * that reads back whole as another object is damage (a hand-over stores zone files under the
   * ids their maker named, unchecked): git would read it the same.
   */
  private async readLooseBlob(id: string): Promise<Buffer | undefined> {
    const stored = await readFile(this.objectPath(id)).catch(() => undefined);
    if (!stored) return undefined;
    let encoded: Buffer;
    try {
      encoded = inflateSync(stored);
    } catch {
      return undefined;
    }
    if (objectId(encoded) !== id)
      throw new CloneDamagedError(new Error(`the clone's object ${id} holds another object`));
    if (encoded.subarray(0, 5).toString() !== 'blob ') return undefined;
    return encoded.subarray(encoded.indexOf(0) + 1);
  }

  private objectPath(id: string): string {
    return join(this.options.dir, '.git', 'objects', id.slice(0, 2), id.slice(2));
  }

  /**
   * Commits the zone files on top of HEAD, forming the objects itself (what `git commit` would
   * do, without its process). Returns the commit id. The branch is not moved: `push` sends the
   * commit by its id, and a reset takes the branch from the remote. The objects are kept in memory
   * until the remote has them, so that the push packs them without reading them back; `push`
   * writes them to the clone before it returns. The working copy is left as it was: nothing reads
   * it but {@link readZone}, which checks it against HEAD.
   */
  async commit(
    files: ReadonlyMap<string, string>,
    message: string,
    author: Author,
  ): Promise<string> {
    const objects = new Map<string, Buffer>();
    const store = (type: ObjectType, body: Buffer) => {
      const encoded = encodeObject(type, body);
      const id = objectId(encoded);
      objects.set(id, encoded);
      return id;
    };
    const entries = new Map(this.current.entries.map((entry) => [entry.name, entry]));
    for (const [zone, text] of files) {
      const name = zoneFileName(zone);
      const id = store('blob', Buffer.from(text, 'utf8'));
      entries.set(name, { mode: entries.get(name)?.mode ?? '100644', name, id });
    }
    const tree = store('tree', encodeTree([...entries.values()]));
    const time = Math.floor(Date.now() / 1000);
    const commit = store(
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
    const made = { commit, parent: this.current.commit, objects };
    this.unpushed.set(commit, made);
    this.unstored.push(made);
    this.head = { commit, entries: [...entries.values()] };
    return commit;
  }

  /**
   * Writes the loose objects of the commits made since the last call. A push asks for it while
   * the remote works on its pack, when the event loop has nothing else to do.
   */
  private async storeMade(): Promise<void> {
    for (const made of this.unstored.splice(0)) {
      const stored = await Promise.all(
        [...made.objects].map(async ([id, encoded]) => ({ id, deflated: await deflate(encoded) })),
      );
      await Promise.all(stored.map((object) => this.writeObject(object)));
      this.lastCommit = {
        commit: made.commit,
        parent: made.parent,
        objects: stored.map((object) => object.deflated),
        ids: stored.map((object) => object.id),
      };
      this.wroteLoose(stored.length);
    }
  }

  /** A service that never pauses tidies all the same, once a whole limit's worth went unlooked at. */
  private wroteLoose(count: number): void {
    this.looseSinceLook += count;
    if (this.looseSinceLook >= LOOSE_OBJECTS_LIMIT) void this.tidy().catch(() => undefined);
  }

  /**
   * Maintenance for a quiet moment: packs the clone's loose objects (each commit leaves a few: its
   * zone files, tree and commit) once there are `limit` or more, looking only after `between` were
   * written since the last look; true when it packed. A new pack of them, without looking for
   * deltas (about a second of CPU for 5,000 of them); past {@link PACKS_LIMIT} packs, all in one.
   * Safe beside a batch: a repack moves no ref, and leaves loose what no ref reaches yet. One at
   * a time: false at once while another runs.
   */
  async tidy({
    limit = LOOSE_OBJECTS_LIMIT,
    between = OBJECTS_BETWEEN_LOOKS,
  } = {}): Promise<boolean> {
    if (this.tidying || this.looseSinceLook < between) return false;
    this.looseSinceLook = 0;
    this.tidying = this.packLoose(limit).finally(() => {
      this.tidying = undefined;
    });
    return this.tidying;
  }

  private async packLoose(limit: number): Promise<boolean> {
    const counts = new Map(
      (await this.local(['count-objects', '-v'])).stdout
        .split('\n')
        .map((line) => line.split(': ') as [string, string]),
    );
    if (Number(counts.get('count') ?? 0) < limit) return false;
    await this.local(
      Number(counts.get('packs') ?? 0) >= PACKS_LIMIT
        ? ['repack', '-a', '-d', '--quiet']
        : ['-c', 'pack.compression=1', 'repack', '-d', '--quiet', '--window=0'],
    );
    return true;
  }

  /** The last commit made (pushed since), for the instance that writes to the remote after us. */
  handOver(commit: string): HandedOverPush | undefined {
    return this.lastCommit?.commit === commit ? this.lastCommit : undefined;
  }

  /**
   * Builds on commits another instance made and pushed, from their objects (handed over through
   * the database) instead of a fetch. Each must follow the one before, the first our HEAD, and
   * carry every object it adds: otherwise this throws, HEAD stays, and a fetch is in order.
   * Returns, for each, its message and the zone files it changed, so that what was parsed of
   * them can follow.
   */
  async adopt(pushes: readonly HandedOverPush[]): Promise<AdoptedCommit[]> {
    await this.tipMoved();
    let head = this.current;
    const objects: StoredObject[] = [];
    const adopted: AdoptedCommit[] = [];
    for (const push of pushes) {
      const added = handedOverObjects(push);
      for (const [id, deflated] of added.deflated) objects.push({ id, deflated });
      const { entries, message } = adoptedCommit(push, head, added);
      adopted.push({ message, zones: changedZones(head.entries, entries) });
      head = { commit: push.commit, entries };
    }
    await Promise.all(objects.map((object) => this.writeObject(object)));
    this.wroteLoose(objects.length);
    await this.storeMade();
    await this.moveRemoteTip(head.commit);
    this.head = head;
    this.lastCommit = undefined;
    this.unpushed.clear();
    return adopted;
  }

  /**
   * Stores a loose object: `deflated`, the object `encoded` zlib-deflated (at level 1, git's default
   * loose compression), under its id, through the thread pool: the event loop never waits on the
   * disk. A new object is written in place (a copy cut short is unreferenced: its commit was never
   * pushed, or the hand-over that brought it never moved the remote-tracking branch; should a later
   * fetch find it, reading it fails and the clone is rebuilt). One that exists
   * already (a cleanup brings back the zone file and tree of an earlier commit) is kept when it
   * reads back whole, and otherwise written again through a rename, so that a copy a power cut left
   * empty is mended without a reader ever seeing half of it; a rename over a file costs a flush.
   */
  private async writeObject({ id, deflated: bytes }: StoredObject): Promise<void> {
    const path = this.objectPath(id);
    const directory = dirname(path);
    const create = async () => {
      if (!this.objectDirectories.has(directory)) await mkdir(directory, { recursive: true });
      this.objectDirectories.add(directory);
      await writeFile(path, bytes, { flag: 'wx' });
    };
    await create().catch(async (error: unknown) => {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        // The directory went (git removes empty ones): make it again.
        this.objectDirectories.delete(directory);
        return create();
      }
      if (code !== 'EEXIST') throw error;
      if (await holds(path, id)) return;
      const temporary = `${path}.${process.pid}.tmp`;
      await writeFile(temporary, bytes);
      await rename(temporary, path);
    });
  }

  /**
   * Pushes a commit. `stale` means another writer moved the branch first: fetch and try again.
   * Throws {@link PushRefusedError} when the remote refuses it for another reason, and a
   * {@link GitCommandError} when it gives no verdict (it timed out, the connection broke).
   *
   * To a repository on this machine or over SSH, the clone speaks git's push protocol to the
   * remote's receive-pack itself, with a pack of the commit's objects it built: one process (and
   * the remote's) instead of git push's eight. Over other transports, for a commit this clone
   * did not make, and over SSH for a large zone file (git push sends it as a delta against the
   * remote's copy, a few hundred bytes instead of all of it), `git push`. The remote-tracking
   * branch moves once the verdict is in, without holding it up ({@link tipMove}). `sent` is
   * called once the push is on its way, the clone's own writes meanwhile started.
   */
  async push(commit: string, sent: () => void = () => undefined): Promise<PushResult> {
    await this.tipMoved();
    const repository = localPath(this.options.url);
    if (repository !== undefined) this.remotePacks ??= countPacks(repository);
    const command = receivePackCommand(
      this.options.url,
      this.options.env.GIT_SSH_COMMAND,
      ((await this.remotePacks) ?? Infinity) <= KEPT_PACKS_AT_MOST,
    );
    const update = this.pendingUpdate(commit);
    if (
      !command ||
      !update ||
      (command.overSsh && sizeOf(update.objects) > WHOLE_OBJECTS_OVER_SSH_BYTES)
    ) {
      await this.storeMade();
      const pushing = this.gitPush(commit);
      sent();
      return pushing;
    }
    const request = pushRequest(
      { old: update.old, new: commit, ref: `refs/heads/${this.branch}` },
      await encodePack(update.objects),
    );
    const answering = exchange(command.command, command.args, request, {
      cwd: this.options.dir,
      env: this.options.env,
      timeoutMs: this.options.timeoutMs,
      startAhead: RECEIVE_PACK_AHEAD,
    });
    const storing = this.storeMade().then(
      () => undefined,
      (error: unknown) => error as Error,
    );
    sent();
    const answer = await answering.finally(() => storing);
    // Read again for the next push, while this one is answered.
    if (repository !== undefined) this.remotePacks = countPacks(repository);
    // Whatever the verdict, the clone lacks objects it may come to need: it is cloned again.
    const unstored = await storing;
    if (unstored) throw new CloneDamagedError(unstored);
    const verdict = answer.timedOut
      ? undefined
      : readReport(answer.stdout, `refs/heads/${this.branch}`);
    if (!verdict) {
      const error = this.redact(
        new GitCommandError(
          ['receive-pack', this.options.url],
          answer.code,
          answer.stdout.toString('utf8'),
          answer.stderr,
          answer.timedOut,
        ),
      );
      throw answer.timedOut ? error : await this.diagnose(error);
    }
    if (verdict.kind === 'refused')
      throw new PushRefusedError(`the remote refused the push: ${this.clean(verdict.reason)}`);
    if (verdict.kind === 'stale') return 'stale';
    this.landed(commit);
    this.tipMove = this.moveRemoteTip(commit).catch((error: unknown) => {
      this.tipMoveFailure = error as CloneDamagedError;
    });
    return 'pushed';
  }

  /**
   * The update a push of `commit` asks for: from the remote tip it was built on, with the objects
   * of it and of the commits between, which this clone made and has not pushed. Undefined when
   * this clone did not make it.
   */
  private pendingUpdate(commit: string): { old: string; objects: Buffer[] } | undefined {
    const objects = new Map<string, Buffer>();
    let tip = commit;
    for (let made = this.unpushed.get(tip); made; made = this.unpushed.get(tip)) {
      for (const [id, encoded] of made.objects) objects.set(id, encoded);
      tip = made.parent;
    }
    return tip === commit ? undefined : { old: tip, objects: [...objects.values()] };
  }

  /** The remote has `commit`: it, and the commits under it, need not be sent again. */
  private landed(commit: string): void {
    for (let made = this.unpushed.get(commit); made; made = this.unpushed.get(commit)) {
      this.unpushed.delete(commit);
      commit = made.parent;
    }
  }

  /** Once the last push's move of the remote-tracking branch is done; throws if it failed. */
  private async tipMoved(): Promise<void> {
    await this.tipMove;
    if (this.tipMoveFailure) throw this.tipMoveFailure;
  }

  /**
   * Moves `refs/remotes/origin/<branch>` to `commit`, as git does: the new value goes into
   * `<ref>.lock`, created only if no other writer holds it, which is then renamed over the ref.
   * Only this class writes the clone's refs, one batch at a time: a lock that exists was left by a
   * git process that was killed, and the clone is taken as damaged.
   */
  private async moveRemoteTip(commit: string): Promise<void> {
    const ref = join(this.options.dir, '.git', 'refs', 'remotes', 'origin', this.branch);
    const lock = `${ref}.lock`;
    try {
      await mkdir(dirname(ref), { recursive: true });
      await writeFile(lock, `${commit}\n`, { flag: 'wx' });
    } catch (error) {
      throw new CloneDamagedError(error as Error);
    }
    await rename(lock, ref).catch(async (error: unknown) => {
      await rm(lock, { force: true });
      throw new CloneDamagedError(error as Error);
    });
  }

  /** Pushes with git: a successful push moves refs/remotes/origin/<branch> too. */
  private async gitPush(commit: string): Promise<PushResult> {
    try {
      await this.git([
        'push',
        '--quiet',
        '--porcelain',
        'origin',
        `${commit}:refs/heads/${this.branch}`,
      ]);
      this.landed(commit);
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
      throw await this.diagnose(error);
    }
  }

  /**
   * After a push that gave no verdict (it timed out, or the connection broke): whether the
   * remote's branch holds `commit` now. If it does, the remote-tracking branch moves there, as
   * with a push that answered.
   */
  async remoteHas(commit: string): Promise<boolean> {
    const ref = `refs/heads/${this.branch}`;
    const { stdout } = await this.git(['ls-remote', '--quiet', 'origin', ref]);
    const tip = stdout
      .split('\n')
      .map((line) => line.split('\t'))
      .find(([, name]) => name === ref)?.[0];
    if (tip === commit) {
      await this.moveRemoteTip(commit);
      this.landed(commit);
      return true;
    }
    if (tip === undefined) return false;
    // Another writer may have pushed on top of it already.
    await this.fetch();
    const { stdout: missing } = await this.local([
      'rev-list',
      '--max-count=1',
      commit,
      `^refs/remotes/origin/${this.branch}`,
    ]);
    if (missing.trim() !== '') return false;
    this.landed(commit);
    return true;
  }

  /**
   * The latest commits the remote has (as of our last fetch or push), newest first. Read-only:
   * safe while a batch is being written.
   */
  async log(limit: number): Promise<CommitEntry[]> {
    const { stdout } = await this.local([
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

/**
 * The root tree and the message of a commit handed over, checked: the commit is the one named, on the parent
 * named, which is `head`; its tree came with it; and each entry is either unchanged from `head`
 * or an object that came with it.
 */
function adoptedCommit(
  push: HandedOverPush,
  head: { readonly commit: string; readonly entries: readonly TreeEntry[] },
  added: HandedOverObjects,
): { entries: TreeEntry[]; message: string } {
  const fail = (why: string): never => {
    throw new Error(`the push handed over (${push.commit}) ${why}`);
  };
  if (push.parent !== head.commit) fail(`follows ${push.parent}, not our ${head.commit}`);
  const commit = added.read(push.commit)?.toString('latin1') ?? fail('came without its commit');
  const [, tree, parent] =
    /^commit \d+\0tree ([0-9a-f]{40})\nparent ([0-9a-f]{40})\n/.exec(commit) ?? [];
  if (parent !== push.parent) fail('is not a commit on the parent named');
  const encodedTree = added.read(tree) ?? fail('came without its tree');
  const entries = parseTree(encodedTree.subarray(encodedTree.indexOf(0) + 1));
  const before = new Set(head.entries.map((entry) => entry.id));
  for (const entry of entries)
    if (!before.has(entry.id) && !added.deflated.has(entry.id)) fail(`came without ${entry.name}`);
  // The message follows the headers' blank line.
  const message = Buffer.from(commit.slice(commit.indexOf('\n\n') + 2), 'latin1').toString('utf8');
  return { entries, message };
}

/** The zone files whose blob differs between two root trees, with both blob ids. */
function changedZones(
  before: readonly TreeEntry[],
  after: readonly TreeEntry[],
): Map<string, { readonly before: string; readonly after: string }> {
  const old = new Map(before.map((entry) => [entry.name, entry.id]));
  const zones = new Map<string, { readonly before: string; readonly after: string }>();
  for (const entry of after) {
    const id = old.get(entry.name);
    if (id && id !== entry.id && entry.name.endsWith(ZONE_FILE_SUFFIX))
      zones.set(entry.name.slice(0, -ZONE_FILE_SUFFIX.length), { before: id, after: entry.id });
  }
  return zones;
}

/** Whether the loose object at `path` inflates to an object whose id is `id`. */
async function holds(path: string, id: string): Promise<boolean> {
  const stored = await readFile(path).catch(() => undefined);
  if (!stored) return false;
  try {
    return objectId(inflateSync(stored)) === id;
  } catch {
    return false;
  }
}

/** A push's objects as handed over: deflated, by id; and each inflated, once it is read. */
interface HandedOverObjects {
  readonly deflated: ReadonlyMap<string, Buffer>;
  /** The object as git hashes it, checked against its id; undefined when the push lacks it. */
  read(id: string): Buffer | undefined;
}

/**
 * With the ids its maker recorded, only what is read (the commit and its root tree) is inflated:
 * the zone files, most of the bytes, are stored as they came, and their text is checked against
 * its id where the clone reads it ({@link WorkingClone.readZone}). Without them, each object is
 * inflated to learn its id.
 */
function handedOverObjects(push: HandedOverPush): HandedOverObjects {
  const deflated = new Map<string, Buffer>();
  const inflated = new Map<string, Buffer>();
  const ids = push.ids?.length === push.objects.length ? push.ids : undefined;
  push.objects.forEach((bytes, i) => {
    if (ids) {
      deflated.set(ids[i], bytes);
      return;
    }
    const object = inflateSync(bytes);
    const id = objectId(object);
    deflated.set(id, bytes);
    inflated.set(id, object);
  });
  return {
    deflated,
    read(id) {
      const bytes = deflated.get(id);
      if (!bytes || inflated.has(id)) return inflated.get(id);
      const object = inflateSync(bytes);
      if (objectId(object) !== id)
        throw new Error(`the push handed over (${push.commit}) names as ${id} another object`);
      inflated.set(id, object);
      return object;
    },
  };
}
