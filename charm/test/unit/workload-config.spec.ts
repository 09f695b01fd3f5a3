import { PROCESS_ENVIRONMENT, parseGitRepository } from '@hlp/config';

import { type CharmSettings } from '../../src/config/charm-settings';
import { ConfigProblems } from '../../src/config/config-problems';
import { workloadConfig, type WorkloadSources } from '../../src/workload/workload-config';

const KEY =
  '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n';

function sources(overrides: Partial<WorkloadSources> = {}): WorkloadSources {
  const repository = parseGitRepository('git+ssh://git@git.example.com/dns/zones.git@main');
  const settings: CharmSettings = {
    values: { gitRepo: repository, allowedHosts: ['lego.example.com'], logLevel: 'debug' },
    repository,
    sshKey: { option: 'git-ssh-key-secret-id', content: KEY },
  };
  return {
    settings,
    image: {
      command: '/usr/bin/node /srv/httprequest-lego-provider/dist/main.js serve',
      cli: ['/usr/bin/node', '/srv/httprequest-lego-provider/dist/main.js'],
      environment: { HLP_HOST: '0.0.0.0', HLP_PORT: '8000', HLP_DATA_DIR: '/var/lib/hlp' },
    },
    databaseUri: 'postgresql://relation_7:p%40ss@pg-primary.lego.svc.cluster.local:5432/lego',
    signingKey: 'k'.repeat(64),
    knownHosts: 'git.example.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA\n',
    serviceHostNames: ['httprequest-lego-provider', 'lego.ingress.example.com'],
    ingressProxies: [],
    ...overrides,
  };
}

describe('workloadConfig', () => {
  it("renders the environment and files from the shared schema, keeping the image's own settings", () => {
    const problems = new ConfigProblems();

    const workload = workloadConfig(sources(), problems);

    expect(problems.empty).toBe(true);
    expect(workload?.environment).toEqual({
      MALLOC_ARENA_MAX: '2',
      NODE_OPTIONS: '--max-semi-space-size=16',
      HLP_HOST: '0.0.0.0',
      HLP_PORT: '8000',
      HLP_DATA_DIR: '/var/lib/hlp',
      DATABASE_URL: 'postgresql://relation_7:p%40ss@pg-primary.lego.svc.cluster.local:5432/lego',
      HLP_GIT_REPO: 'git+ssh://git@git.example.com/dns/zones.git@main',
      HLP_GIT_SSH_KEY_FILE: '/var/lib/hlp/charm/git-ssh-key',
      HLP_GIT_KNOWN_HOSTS_FILE: '/var/lib/hlp/charm/git-known-hosts',
      HLP_SECRET_KEY: 'k'.repeat(64),
      HLP_ALLOWED_HOSTS: 'lego.example.com,httprequest-lego-provider,lego.ingress.example.com',
      HLP_LOG_LEVEL: 'debug',
      HLP_PEER_PORT: '8001',
    });
    expect(workload?.files).toEqual([
      { path: '/var/lib/hlp/charm/git-ssh-key', content: KEY, mode: 0o600 },
      {
        path: '/var/lib/hlp/charm/git-known-hosts',
        content: 'git.example.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA\n',
        mode: 0o644,
      },
    ]);
    expect(workload?.config.port).toBe(8000);
  });

  it("keeps the rock's own process settings over the shared ones", () => {
    const base = sources();
    const image = { ...base.image, environment: { ...base.image.environment, NODE_OPTIONS: '' } };

    const workload = workloadConfig({ ...base, image }, new ConfigProblems());

    expect(workload?.environment.NODE_OPTIONS).toBe('');
    expect(workload?.environment.MALLOC_ARENA_MAX).toBe(PROCESS_ENVIRONMENT.MALLOC_ARENA_MAX);
  });

  it('names what the workload would refuse after where it came from, never printing secrets', () => {
    const problems = new ConfigProblems();
    const base = sources();

    const workload = workloadConfig(
      sources({
        databaseUri: 'mysql://root:hunter2@db/lego',
        image: { ...base.image, environment: { ...base.image.environment, HLP_PORT: '80000' } },
      }),
      problems,
    );

    expect(workload).toBeUndefined();
    expect(problems.message()).toBe(
      'invalid HLP_PORT in the workload image: must be a whole number from 1 to 65535 (got "80000")',
    );

    const again = new ConfigProblems();
    workloadConfig(sources({ databaseUri: 'mysql://root:hunter2@db/lego' }), again);
    expect(again.message()).toBe(
      'invalid database URI from the postgresql integration: must be a postgresql:// URL or sqlite:<path>',
    );
  });

  it('leaves any-host alone: no names are added to "*"', () => {
    const base = sources();
    const settings = { ...base.settings, values: { ...base.settings.values, allowedHosts: ['*'] } };

    const workload = workloadConfig({ ...base, settings }, new ConfigProblems());

    expect(workload?.environment.HLP_ALLOWED_HOSTS).toBe('*');
  });

  it('trusts the ingress units as proxies, unless trusted-proxies says whom to trust', () => {
    const base = sources({ ingressProxies: ['10.1.7.12/32', '10.1.7.13/32'] });
    const fromIngress = workloadConfig(base, new ConfigProblems());
    const settings = {
      ...base.settings,
      values: { ...base.settings.values, trustedProxies: ['10.42.0.0/16'] },
    };
    const configured = workloadConfig({ ...base, settings }, new ConfigProblems());
    const direct = workloadConfig(sources(), new ConfigProblems());

    expect(fromIngress?.environment.HLP_TRUSTED_PROXIES).toBe('10.1.7.12/32,10.1.7.13/32');
    expect(fromIngress?.config.trustedProxies).toEqual(['10.1.7.12/32', '10.1.7.13/32']);
    expect(configured?.environment.HLP_TRUSTED_PROXIES).toBe('10.42.0.0/16');
    expect(direct?.environment.HLP_TRUSTED_PROXIES).toBeUndefined();
  });
});
