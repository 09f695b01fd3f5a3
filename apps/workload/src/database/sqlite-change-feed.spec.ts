import { setImmediate as nextTurn } from 'node:timers/promises';
import { SqliteChangeFeed } from './sqlite-change-feed';

/** A connection whose data_version is `version.value`, counting the reads. */
function connection() {
  const version = { value: 1, reads: 0 };
  const feed = new SqliteChangeFeed({
    prepare: () => ({
      pluck: () => ({
        get: () => {
          version.reads += 1;
          return version.value;
        },
      }),
    }),
  });
  return { feed, version };
}

describe('SqliteChangeFeed', () => {
  it('reads data_version once per turn of the event loop', async () => {
    const { feed, version } = connection();
    expect([feed.generation(), feed.generation(), feed.generation()]).toEqual([1, 1, 1]);
    expect(version.reads).toBe(1);
    await nextTurn();
    feed.generation();
    expect(version.reads).toBe(2);
  });

  it('tells, in the next turn, of a commit another connection made during this one', async () => {
    const { feed, version } = connection();
    expect(feed.generation()).toBe(1);
    version.value = 2;
    expect(feed.generation()).toBe(1);
    await nextTurn();
    expect(feed.generation()).toBe(2);
  });
});
