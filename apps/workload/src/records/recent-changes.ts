import type { ChangeKind, RecordChange } from './record-change';

/** One commit of the zone repository, as `git log` shows it. */
export interface CommitEntry {
  readonly commit: string;
  readonly time: Date;
  readonly author: string;
  readonly message: string;
}

/** One record change, read back from a commit message; `other` for commits not ours. */
export interface RecentChange {
  readonly commit: string;
  readonly time: Date;
  readonly kind: ChangeKind | 'other';
  /** Who asked: the user named in the message, else the commit's author. */
  readonly username: string;
  /** The record's name (`_acme-challenge.…`); for `other`, the commit's subject. */
  readonly name: string;
  readonly value?: string;
}

const FIELD = '\x1f';
const RECORD = '\x1e';

/** `git log --format` producing what {@link parseLog} reads. */
export const LOG_FORMAT = `%H${FIELD}%aI${FIELD}%an${FIELD}%B${RECORD}`;

export function parseLog(output: string): CommitEntry[] {
  return output
    .split(RECORD)
    .map((chunk) => chunk.replace(/^\n/, ''))
    .filter((chunk) => chunk.trim() !== '')
    .map((chunk) => {
      const [commit, time, author, message] = chunk.split(FIELD);
      return { commit, time: new Date(time), author, message: message ?? '' };
    });
}

// What commitMessage() (apply-changes.ts) writes: one line per change in the body…
const CHANGE_LINE = /^(present|cleanup|update) (\S+) TXT "([^"]*)" \(by (.+)\)$/;
// …and what the Python service wrote: only a subject.
const PYTHON_SUBJECT = /^(Add|Remove) (_acme-challenge\.\S+) record$/;

/** The record changes a commit message written by `commitMessage` (apply-changes.ts) lists, in order. */
export function changesInMessage(message: string): RecordChange[] {
  return message.split('\n').flatMap((line) => {
    const match = CHANGE_LINE.exec(line.trim());
    return match
      ? [{ kind: match[1] as ChangeKind, name: match[2], value: match[3], username: match[4] }]
      : [];
  });
}

/** The changes a commit carries, newest commit first, at most `limit` of them. */
export function recentChanges(commits: readonly CommitEntry[], limit: number): RecentChange[] {
  const changes: RecentChange[] = [];
  for (const entry of commits) {
    const lines = entry.message.split('\n').map((line) => line.trim());
    const base = { commit: entry.commit, time: entry.time };
    const ours = changesInMessage(entry.message).map((change) => ({ ...base, ...change }));
    if (ours.length > 0) {
      changes.push(...ours);
    } else {
      const python = PYTHON_SUBJECT.exec(lines[0] ?? '');
      changes.push(
        python
          ? {
              ...base,
              kind: python[1] === 'Add' ? 'present' : 'cleanup',
              name: python[2],
              username: entry.author,
            }
          : { ...base, kind: 'other', name: lines[0] ?? '', username: entry.author },
      );
    }
    if (changes.length >= limit) break;
  }
  return changes.slice(0, limit);
}
