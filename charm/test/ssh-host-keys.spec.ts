import { type State, events } from '@hlp/juju/testing';

import { ctx, environment, privateKey, unitState, workload } from './helpers/charm-state';
import { ROCK_DATA_DIR } from './helpers/rock-layer';
import { WorkloadStandIn } from './helpers/workload-stand-in';

const SERVICE = 'httprequest-lego-provider';
const KNOWN_HOSTS_FILE = `${ROCK_DATA_DIR}/charm/git-known-hosts`;
const repository = (port: number) => `git+ssh://git@git.example.com:${port}/srv/zones.git@main`;

/** What ssh-keyscan prints for a server: its keys on stdout, its banner as comments on stderr. */
function keyscanAnswer(port: number, seed: string) {
  const key = (type: string) =>
    `[git.example.com]:${port} ${type} ${Buffer.from(`${seed} ${type}`).toString('base64')}`;
  return {
    stdout: `${key('ecdsa-sha2-nistp256')}\n${key('ssh-ed25519')}\n`,
    stderr: `# git.example.com:${port} SSH-2.0-OpenSSH_9.6\n# git.example.com:${port} SSH-2.0-OpenSSH_9.6\n`,
  };
}

/**
 * An SSH repository without pinned host keys: the charm scans the server's keys of every type
 * from the workload container, trusts them from then on, and says so. The Python charm scanned
 * RSA keys only, on every hook.
 */
describe('an SSH repository without git-known-hosts', () => {
  let standIn: WorkloadStandIn;
  let current: State;

  const knownHosts = () => workload(current).files[KNOWN_HOSTS_FILE]?.content ?? '';
  const scans = (state: State) =>
    workload(state).execLog.filter((call) => call.command[0] === 'ssh-keyscan');
  /** The state with the repository on `port`, whose server answers ssh-keyscan with `answer`. */
  const serving = (state: State, port: number, answer: object): State => {
    const next = { ...state, config: { ...state.config, 'git-repo': repository(port) } };
    return {
      ...next,
      containers: {
        ...next.containers,
        [SERVICE]: {
          ...workload(next),
          execs: [
            ...workload(next).execs.filter((stub) => stub.command[0] !== 'ssh-keyscan'),
            { command: ['ssh-keyscan'], outcome: answer },
          ],
        },
      },
    };
  };

  beforeAll(async () => {
    standIn = await WorkloadStandIn.start();
    current = unitState(standIn.port, {
      // The Python charm's plain option still works.
      config: { 'git-repo': repository(2222), 'git-ssh-key': privateKey('deploy key') },
    });
  });

  afterAll(() => standIn.close());

  it('scans every key type, as the service user, and says the keys are not pinned', async () => {
    current = await ctx.run(
      events.configChanged(),
      serving(current, 2222, keyscanAnswer(2222, 'first')),
    );

    expect(current.unitStatus).toEqual({
      status: 'active',
      message:
        'trusting the scanned SSH host keys of [git.example.com]:2222: set git-known-hosts to pin them',
    });
    expect(scans(current)).toEqual([
      {
        command: ['ssh-keyscan', '-T', '10', '-p', '2222', 'git.example.com'],
        environment: {},
        user: '_daemon_',
      },
    ]);
    expect(knownHosts()).toBe(keyscanAnswer(2222, 'first').stdout);
    expect(environment(current).HLP_GIT_KNOWN_HOSTS_FILE).toBe(KNOWN_HOSTS_FILE);
    // The Python charm's form, branch included, as the workload reads it.
    expect(environment(current).HLP_GIT_REPO).toBe(repository(2222));
  });

  it('trusts what it scanned first: a later hook does not scan again', async () => {
    const scanned = knownHosts();
    const before = serving(current, 2222, { exitCode: 1 });

    current = await ctx.run(events.configChanged(), before);

    expect(current.unitStatus.status).toBe('active');
    expect(knownHosts()).toBe(scanned);
    expect(scans(current)).toHaveLength(1);
  });

  it('git-repo moved to another server: its keys are scanned, known_hosts rewritten, one restart', async () => {
    const starts = workload(current).services[SERVICE]?.starts ?? 0;

    current = await ctx.run(
      events.configChanged(),
      serving(current, 2200, keyscanAnswer(2200, 'moved')),
    );

    expect(current.unitStatus.message).toBe(
      'trusting the scanned SSH host keys of [git.example.com]:2200: set git-known-hosts to pin them',
    );
    const hosts = knownHosts().trim().split('\n');
    expect(hosts).toHaveLength(2);
    expect(hosts.every((line) => line.startsWith('[git.example.com]:2200 '))).toBe(true);
    expect(workload(current).services[SERVICE]?.starts).toBe(starts + 1);
  });

  it('a server that does not answer: Blocked naming it, never a hook error', async () => {
    const fresh = unitState(standIn.port, {
      number: 1,
      leader: false,
      config: { 'git-repo': repository(2022), 'git-ssh-key': privateKey('other key') },
    });

    const silent = await ctx.run(events.configChanged(), serving(fresh, 2022, { exitCode: 1 }));
    const refused = await ctx.run(
      events.configChanged(),
      serving(fresh, 2022, {
        exitCode: 1,
        stderr: 'connect to git.example.com port 2022: Connection refused\n',
      }),
    );

    expect(silent.unitStatus).toEqual({
      status: 'blocked',
      message:
        'cannot scan the SSH host keys of [git.example.com]:2022 (no answer): set git-known-hosts',
    });
    expect(refused.unitStatus.message).toBe(
      'cannot scan the SSH host keys of [git.example.com]:2022 (connect to git.example.com port 2022: Connection refused): set git-known-hosts',
    );
  });
});
