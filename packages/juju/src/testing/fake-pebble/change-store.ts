import { type JsonObject } from '../../json';

/** A task's status, as Pebble names them. */
export type TaskStatus = 'Do' | 'Doing' | 'Done' | 'Error' | 'Hold';

/** One task of a fake change. */
export interface TaskRecord {
  readonly id: string;
  readonly kind: string;
  readonly summary: string;
  status: TaskStatus;
  readonly log: string[];
  data: JsonObject;
  readonly spawnTime: Date;
  readyTime?: Date;
  /** Why it failed. */
  error?: string;
}

/** A change: tasks plus waiters for its readiness, behaving like Pebble's. */
export class ChangeRecord {
  private readonly waiters: (() => void)[] = [];
  readonly spawnTime = new Date();
  readyTime?: Date;

  constructor(
    readonly id: string,
    readonly kind: string,
    readonly summary: string,
    readonly tasks: TaskRecord[],
  ) {
    if (tasks.length === 0) this.readyTime = this.spawnTime;
  }

  /** Done, Error or Doing, derived from the tasks like Pebble does (an empty change is Done). */
  get status(): 'Doing' | 'Done' | 'Error' {
    if (this.tasks.some((task) => task.status === 'Do' || task.status === 'Doing')) return 'Doing';
    return this.tasks.some((task) => task.status === 'Error') ? 'Error' : 'Done';
  }

  get ready(): boolean {
    return this.status !== 'Doing';
  }

  /** Pebble's summary of failed tasks, or undefined. */
  get err(): string | undefined {
    const failed = this.tasks.filter((task) => task.status === 'Error');
    if (failed.length === 0) return undefined;
    return `cannot perform the following tasks:\n${failed.map((task) => `- ${task.summary} (${task.error})`).join('\n')}`;
  }

  /** Marks a task finished; wakes waiters when that makes the change ready. */
  finishTask(task: TaskRecord, status: 'Done' | 'Error' | 'Hold', detail?: string): void {
    task.status = status;
    task.readyTime = new Date();
    if (status === 'Error') {
      task.error = detail;
      task.log.push(`${task.readyTime.toISOString()} ERROR ${detail}`);
    } else if (detail !== undefined) {
      task.log.push(`${task.readyTime.toISOString()} INFO ${detail}`);
    }
    this.settle();
  }

  /** Resolves once the change is ready, or with false after `timeoutMs`. */
  whenReady(timeoutMs?: number): Promise<boolean> {
    if (this.ready) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer =
        timeoutMs === undefined ? undefined : setTimeout(() => resolve(false), timeoutMs);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  /** The change as `GET /v1/changes/{id}` shows it. */
  toJSON(): JsonObject {
    const err = this.err;
    return {
      id: this.id,
      kind: this.kind,
      summary: this.summary,
      status: this.status,
      ready: this.ready,
      ...(err === undefined ? {} : { err }),
      'spawn-time': this.spawnTime.toISOString(),
      ...(this.readyTime ? { 'ready-time': this.readyTime.toISOString() } : {}),
      tasks: this.tasks.map((task) => ({
        id: task.id,
        kind: task.kind,
        summary: task.summary,
        status: task.status,
        log: task.log,
        progress: { label: '', done: task.status === 'Done' ? 1 : 0, total: 1 },
        'spawn-time': task.spawnTime.toISOString(),
        ...(task.readyTime ? { 'ready-time': task.readyTime.toISOString() } : {}),
        ...(Object.keys(task.data).length > 0 ? { data: task.data } : {}),
      })),
    };
  }

  private settle(): void {
    if (!this.ready) return;
    this.readyTime ??= new Date();
    for (const wake of this.waiters.splice(0)) wake();
  }
}

/** All changes of a fake Pebble, with Pebble-like increasing ids. */
export class ChangeStore {
  private readonly changes = new Map<string, ChangeRecord>();
  private lastChangeId = 0;
  private lastTaskId = 0;

  /** Starts a change whose tasks are all waiting to run. */
  create(
    kind: string,
    summary: string,
    tasks: readonly { kind: string; summary: string }[],
  ): ChangeRecord {
    const records = tasks.map((task): TaskRecord => ({
      id: String(++this.lastTaskId),
      kind: task.kind,
      summary: task.summary,
      status: 'Do',
      log: [],
      data: {},
      spawnTime: new Date(),
    }));
    const change = new ChangeRecord(String(++this.lastChangeId), kind, summary, records);
    this.changes.set(change.id, change);
    return change;
  }

  get(id: string): ChangeRecord | undefined {
    return this.changes.get(id);
  }
}
