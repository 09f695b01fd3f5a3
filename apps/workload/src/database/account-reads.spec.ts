import { AccountReads, type ChangeFeed } from './account-reads';

/** A feed whose generation the test moves on, as PostgreSQL's notices would. */
class TestFeed implements ChangeFeed {
  current: number | undefined = 1;
  generation(): number | undefined {
    return this.current;
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** A load that counts its calls and answers what `value` holds then. */
function counted<T>(value: () => T) {
  const load = () => {
    load.calls += 1;
    return Promise.resolve(value());
  };
  load.calls = 0;
  return load;
}

const always = () => true;

describe('account reads kept while the database announces no change', () => {
  it('reads once while the generation stays', async () => {
    const reads = new AccountReads(new TestFeed());
    const load = counted(() => 'alice');
    expect(await reads.read('k', load, always)).toBe('alice');
    expect(await reads.read('k', load, always)).toBe('alice');
    expect(load.calls).toBe(1);
  });

  it('reads again after a notice, and after a change of its own', async () => {
    const feed = new TestFeed();
    const reads = new AccountReads(feed);
    let value = 'v1';
    const load = counted(() => value);
    await reads.read('k', load, always);
    value = 'v2';
    feed.current = 2;
    expect(await reads.read('k', load, always)).toBe('v2');
    value = 'v3';
    reads.changed();
    expect(await reads.read('k', load, always)).toBe('v3');
    expect(load.calls).toBe(3);
  });

  it('always reads when changes cannot be heard, or when there is no feed', async () => {
    const feed = new TestFeed();
    feed.current = undefined;
    const load = counted(() => 'x');
    const reads = new AccountReads(feed);
    await reads.read('k', load, always);
    await reads.read('k', load, always);
    const withoutFeed = new AccountReads();
    await withoutFeed.read('k', load, always);
    await withoutFeed.read('k', load, always);
    expect(load.calls).toBe(4);
  });

  it('does not keep what was read while a change was heard', async () => {
    const feed = new TestFeed();
    const reads = new AccountReads(feed);
    const load = counted(() => 'read before the change');
    const during = reads.read(
      'k',
      async () => {
        const value = await load();
        feed.current = 2;
        return value;
      },
      always,
    );
    expect(await during).toBe('read before the change');
    await reads.read('k', load, always);
    expect(load.calls).toBe(2);
  });

  it('does not keep what `keep` refuses', async () => {
    const reads = new AccountReads(new TestFeed());
    const load = counted(() => undefined);
    await reads.read('unknown', load, (value) => value !== undefined);
    await reads.read('unknown', load, (value) => value !== undefined);
    expect(load.calls).toBe(2);
  });

  it('keeps a bounded number of entries', async () => {
    const reads = new AccountReads(new TestFeed());
    const load = counted(() => 1);
    for (let i = 0; i <= 10_000; i += 1) await reads.read(`k${i}`, load, always);
    // The 10,001st entry dropped the others: the first is read again.
    await reads.read('k0', load, always);
    expect(load.calls).toBe(10_002);
  });
});
