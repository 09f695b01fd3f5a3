import { WaitingStatusError, sharedAppSecret } from '../../src';
import { FakeJuju } from '../../src/testing';

describe('sharedAppSecret', () => {
  let juju: FakeJuju;

  afterEach(() => juju.remove());

  it('the leader creates it once, application-owned and labelled; later reads find it', async () => {
    juju = await FakeJuju.create({ leader: true });
    const generate = jest.fn(() => ({ key: 'generated-1' }));

    const first = await sharedAppSecret(juju.runner(), {
      label: 'django-secret',
      generate,
      description: 'signing key',
    });
    const second = await sharedAppSecret(juju.runner(), { label: 'django-secret', generate });

    expect(first).toEqual({ key: 'generated-1' });
    expect(second).toEqual({ key: 'generated-1' });
    expect(generate).toHaveBeenCalledTimes(1);
    expect(juju.state().secrets).toEqual([
      expect.objectContaining({
        owner: 'application',
        label: 'django-secret',
        description: 'signing key',
      }),
    ]);
    expect(juju.state().toolCalls.filter(([tool]) => tool === 'secret-get')).toEqual([
      ['secret-get', '--format=json', '--label', 'django-secret', '--refresh'],
      ['secret-get', '--format=json', '--label', 'django-secret', '--refresh'],
    ]);
  });

  it('a non-leader before the leader created it waits', async () => {
    juju = await FakeJuju.create({ leader: false });

    const error = await sharedAppSecret(juju.runner(), {
      label: 'django-secret',
      generate: () => ({ key: 'x' }),
    }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(WaitingStatusError);
    expect((error as Error).message).toBe(
      'waiting for the leader to create secret "django-secret"',
    );
    expect(juju.state().secrets).toEqual([]);
  });

  it('a non-leader reads the latest revision once it exists', async () => {
    juju = await FakeJuju.create({
      leader: false,
      secrets: [
        {
          owner: 'application',
          label: 'django-secret',
          revisions: [
            { revision: 1, content: { key: 'old' } },
            { revision: 2, content: { key: 'new' } },
          ],
        },
      ],
    });

    expect(
      await sharedAppSecret(juju.runner(), {
        label: 'django-secret',
        generate: () => ({ key: 'x' }),
      }),
    ).toEqual({
      key: 'new',
    });
  });
});
