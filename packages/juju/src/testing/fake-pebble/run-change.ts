import { type ChangeRecord } from './change-store';

/** One task's work; resolves with a log line, or throws to fail the task. */
export type TaskStep = () => Promise<string | void>;

/**
 * Runs a change's tasks one after the other in the background, like Pebble's task runner: a
 * failed task puts the rest on Hold, which makes the change end in Error.
 */
export function runChange(change: ChangeRecord, steps: readonly TaskStep[]): void {
  void (async () => {
    let failed = false;
    for (const [index, task] of change.tasks.entries()) {
      const step = steps[index];
      if (failed || step === undefined) {
        change.finishTask(task, 'Hold');
        continue;
      }
      task.status = 'Doing';
      try {
        change.finishTask(task, 'Done', (await step()) ?? undefined);
      } catch (error) {
        failed = true;
        change.finishTask(task, 'Error', error instanceof Error ? error.message : String(error));
      }
    }
  })();
}
