import { resolve } from 'node:path';
import { ConfigError, loadConfig, OPTIONS } from '.';

describe('loadConfig', () => {
  it('gives every option its default on an empty environment', () => {
    const config = loadConfig({});
    expect(config.host).toBe('127.0.0.1');
    expect(config.port).toBe(8000);
    expect(config.dataDir).toBe(resolve('data'));
    expect(config.database).toEqual({
      type: 'sqlite',
      path: resolve('data', 'db.sqlite3'),
      redacted: `sqlite:${resolve('data', 'db.sqlite3')}`,
    });
    expect(config.gitRepo.url).toBe(resolve('data', 'zones.git'));
    expect(config.gitBranch).toBeUndefined();
    expect(config.txtTtl).toBe(600);
    expect(config.bumpSoaSerial).toBe(false);
    expect(config.allowedHosts).toEqual(['*']);
    expect(config.logLevel).toBe('info');
    expect(config.secretKey).toBeUndefined();
    expect(config.gitSshAcceptNewHostKeys).toBe(false);
  });

  it('computes defaults from the data directory it was given', () => {
    const config = loadConfig({ HLP_DATA_DIR: '/srv/lego' });
    expect(config.database).toMatchObject({ type: 'sqlite', path: '/srv/lego/db.sqlite3' });
    expect(config.gitRepo.url).toBe('/srv/lego/zones.git');
  });

  it('reads every option from its variable', () => {
    const config = loadConfig({
      HLP_HOST: '0.0.0.0',
      HLP_PORT: '9000',
      HLP_DATA_DIR: '/var/lib/hlp',
      DATABASE_URL: 'postgresql://app:secret@db:5432/app',
      HLP_GIT_REPO: 'git+ssh://lego@git.example.com/srv/dns.git@main',
      HLP_GIT_SSH_KEY_FILE: '/etc/hlp/id_ed25519',
      HLP_GIT_KNOWN_HOSTS_FILE: '/etc/hlp/known_hosts',
      HLP_GIT_SSH_ACCEPT_NEW_HOST_KEYS: 'yes',
      HLP_GIT_TIMEOUT_SECONDS: '12',
      HLP_GIT_AUTHOR_EMAIL_DOMAIN: 'Example.COM',
      HLP_TXT_TTL: '60',
      HLP_BUMP_SOA_SERIAL: 'true',
      HLP_SECRET_KEY: 'k'.repeat(40),
      HLP_ALLOWED_HOSTS: 'lego.example.com, .internal,[::1],10.0.0.1',
      HLP_AUTH_CACHE_SECONDS: '0',
      HLP_LOG_LEVEL: 'DEBUG',
    });
    expect(config).toMatchObject({
      host: '0.0.0.0',
      port: 9000,
      dataDir: '/var/lib/hlp',
      database: { type: 'postgres', redacted: 'postgresql://app:***@db:5432/app' },
      gitRepo: { url: 'ssh://lego@git.example.com/srv/dns.git', branch: 'main', transport: 'ssh' },
      gitSshKeyFile: '/etc/hlp/id_ed25519',
      gitKnownHostsFile: '/etc/hlp/known_hosts',
      gitSshAcceptNewHostKeys: true,
      gitTimeoutSeconds: 12,
      gitAuthorEmailDomain: 'example.com',
      txtTtl: 60,
      bumpSoaSerial: true,
      secretKey: 'k'.repeat(40),
      allowedHosts: ['lego.example.com', '.internal', '::1', '10.0.0.1'],
      authCacheSeconds: 0,
      logLevel: 'debug',
    });
  });

  it('accepts the Juju PostgreSQL integration name, and DATABASE_URL wins over it', () => {
    const juju = 'postgresql://relation-7:pw@10.1.2.3:5432/httprequest-lego-provider';
    expect(loadConfig({ POSTGRESQL_DB_CONNECT_STRING: juju }).database).toMatchObject({
      type: 'postgres',
      url: juju,
    });
    const both = loadConfig({
      POSTGRESQL_DB_CONNECT_STRING: juju,
      DATABASE_URL: 'sqlite::memory:',
    });
    expect(both.database).toMatchObject({ type: 'sqlite', path: ':memory:' });
  });

  it('keeps a public URL without its trailing slash, and refuses what cannot start a link', () => {
    expect(loadConfig({}).publicUrl).toBeUndefined();
    expect(loadConfig({ HLP_PUBLIC_URL: 'https://Lego.example.com/dns/' }).publicUrl).toBe(
      'https://lego.example.com/dns',
    );
    for (const bad of [
      'lego.example.com',
      'ftp://x.example',
      'https://x.example/?a=1',
      'https://u:p@x.example',
    ]) {
      expect(() => loadConfig({ HLP_PUBLIC_URL: bad })).toThrow(/HLP_PUBLIC_URL: must be/);
    }
  });

  it('bounds the request timeout', () => {
    expect(loadConfig({}).requestTimeoutSeconds).toBe(30);
    expect(loadConfig({ HLP_REQUEST_TIMEOUT_SECONDS: '5' }).requestTimeoutSeconds).toBe(5);
    expect(() => loadConfig({ HLP_REQUEST_TIMEOUT_SECONDS: '0' })).toThrow(
      /HLP_REQUEST_TIMEOUT_SECONDS: must be a whole number from 1 to 600/,
    );
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ HLP_PORT: '' }).port).toBe(8000);
  });

  it('reports every bad variable at once, in one error', () => {
    let caught: unknown;
    try {
      loadConfig({
        HLP_HOST: 'not a host',
        HLP_PORT: '70000',
        DATABASE_URL: 'mysql://x@y/z',
        HLP_GIT_REPO: 'ftp://example.com/dns.git',
        HLP_GIT_BRANCH: 'bad..branch',
        HLP_GIT_SSH_ACCEPT_NEW_HOST_KEYS: 'maybe',
        HLP_GIT_TIMEOUT_SECONDS: '0',
        HLP_GIT_AUTHOR_EMAIL_DOMAIN: 'not valid',
        HLP_TXT_TTL: '-1',
        HLP_BUMP_SOA_SERIAL: '2',
        HLP_SECRET_KEY: 'short',
        HLP_ALLOWED_HOSTS: 'a.example.com,,b',
        HLP_AUTH_CACHE_SECONDS: 'x',
        HLP_LOG_LEVEL: 'loud',
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const error = caught as ConfigError;
    expect(error.issues.map((issue) => issue.env)).toEqual([
      'HLP_HOST',
      'HLP_PORT',
      'DATABASE_URL',
      'HLP_GIT_REPO',
      'HLP_GIT_BRANCH',
      'HLP_GIT_SSH_ACCEPT_NEW_HOST_KEYS',
      'HLP_GIT_TIMEOUT_SECONDS',
      'HLP_GIT_AUTHOR_EMAIL_DOMAIN',
      'HLP_TXT_TTL',
      'HLP_BUMP_SOA_SERIAL',
      'HLP_SECRET_KEY',
      'HLP_ALLOWED_HOSTS',
      'HLP_AUTH_CACHE_SECONDS',
      'HLP_LOG_LEVEL',
    ]);
    expect(error.message).toContain('the configuration has 14 problems');
    expect(error.message).toContain(
      'HLP_PORT: must be a whole number from 1 to 65535 (got "70000")',
    );
    expect(error.message).toContain('HLP_LOG_LEVEL: must be one of trace, debug');
  });

  it('never repeats the value of a secret option in its error', () => {
    const secret = 'mysql://user:hunter2@db/x';
    expect(() => loadConfig({ DATABASE_URL: secret, HLP_SECRET_KEY: 'hunter2' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('hunter2') }),
    );
  });

  it('declares a description and at least one variable for every option', () => {
    for (const option of Object.values(OPTIONS)) {
      expect(option.env.length).toBeGreaterThan(0);
      expect(option.description.length).toBeGreaterThan(10);
    }
  });
});
