import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';

import { OPTIONS, type Option } from '@hlp/config';
import { FakeJuju } from '@hlp/juju/testing';
import { load } from 'js-yaml';

import { ACTIONS } from '../src/actions';
import {
  CHARM_OPTION_NAMES,
  SSH_KEY_SECRET_OPTION,
  WORKLOAD_OPTIONS,
} from '../src/config/charm-options';
import { CHARM_NAME, CONTAINER, CONTAINER_RESOURCE, ENDPOINTS } from '../src/names';
import { type ActionYaml, type ConfigOptionSpec, charmcraft } from './helpers/charmcraft';
import { CHARM_DIR } from './helpers/paths';
import { TOOLCHAIN } from './helpers/toolchain';
import { zipEntries } from './helpers/zip-entries';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

function yamlIn<T>(dir: string, name: string): T {
  return load(readFileSync(join(dir, name), 'utf8')) as T;
}

describe('the packed charm', () => {
  let out: string;
  let prime: string;
  let archive: string;

  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), 'hlp-charm-pack-'));
    execFileSync(process.execPath, [join(CHARM_DIR, 'scripts', 'pack.js'), '--out', out], {
      stdio: 'pipe',
    });
    prime = join(out, 'prime');
    archive = join(out, 'httprequest-lego-provider_ubuntu-24.04-amd64.charm');
  });

  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('is laid out as charmcraft lays it out: dispatch, the Node.js runtime, the bundle, the metadata', () => {
    expect(filesUnder(prime)).toEqual([
      'README.md',
      'actions.yaml',
      'bin/node',
      'config.yaml',
      'dispatch',
      'dist/charm.js',
      'manifest.yaml',
      'metadata.yaml',
    ]);
    expect(statSync(join(prime, 'dispatch')).mode & 0o777).toBe(0o755);
    expect(statSync(join(prime, 'bin', 'node')).mode & 0o777).toBe(0o755);
    expect(execFileSync(join(prime, 'bin', 'node'), ['--version'], { encoding: 'utf8' })).toBe(
      `v${TOOLCHAIN.node.version}\n`,
    );
    expect(yamlIn(prime, 'manifest.yaml')).toMatchObject({
      bases: [{ name: 'ubuntu', channel: '24.04', architectures: ['amd64'] }],
    });
  });

  it('zips the same files, dispatch still executable, into <name>_<platform>.charm', () => {
    const entries = zipEntries(archive);

    expect(basename(archive)).toBe(`${CHARM_NAME}_${Object.keys(charmcraft().platforms)[0]}.charm`);
    expect(entries.map((entry) => entry.name).sort()).toEqual(filesUnder(prime));
    expect(entries.find((entry) => entry.name === 'dispatch')?.mode).toBe(0o755);
    expect(entries.find((entry) => entry.name === 'bin/node')?.mode).toBe(0o755);
    for (const name of ['metadata.yaml', 'dist/charm.js']) {
      expect(entries.find((entry) => entry.name === name)?.content()).toEqual(
        readFileSync(join(prime, name)),
      );
    }
  });

  it('metadata.yaml: the container, its resource and the integrations the code uses', () => {
    expect(yamlIn(prime, 'metadata.yaml')).toMatchObject({
      name: CHARM_NAME,
      containers: { [CONTAINER]: { resource: CONTAINER_RESOURCE } },
      resources: { [CONTAINER_RESOURCE]: { type: 'oci-image' } },
      peers: { [ENDPOINTS.peers]: { interface: 'secret-storage' } },
      requires: {
        [ENDPOINTS.database]: { interface: 'postgresql_client', limit: 1 },
        [ENDPOINTS.ingress]: { interface: 'ingress', limit: 1, optional: true },
        [ENDPOINTS.logging]: { interface: 'loki_push_api', optional: true },
      },
      provides: {
        [ENDPOINTS.metrics]: { interface: 'prometheus_scrape' },
        [ENDPOINTS.dashboards]: { interface: 'grafana_dashboard' },
      },
    });
  });

  it('refuses to pack a Node.js that is not the pinned build, saying which one it wants', () => {
    const impostor = join(out, 'node');
    writeFileSync(impostor, '#!/bin/sh\necho v26.12.1\n');
    chmodSync(impostor, 0o755);

    const result = spawnSync(
      process.execPath,
      [join(CHARM_DIR, 'scripts', 'pack.js'), '--out', join(out, 'refused'), '--node', impostor],
      { encoding: 'utf8' },
    );

    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      `refusing to pack ${impostor}: it is not the Node.js ${TOOLCHAIN.node.version} that toolchain.json pins (bin/node sha256 ${TOOLCHAIN.node.binarySha256}); leave out --node to use the pinned build\n`,
    );
  });

  it("charmcraft's entrypoint linter is told that dispatch, not src/charm.py, runs the charm", () => {
    expect(charmcraft().analysis).toEqual({ ignore: { linters: ['entrypoint'] } });
  });

  it('config.yaml: exactly the options the code reads, typed and defaulted as the shared schema', () => {
    const { options } = yamlIn<{ options: Record<string, ConfigOptionSpec> }>(prime, 'config.yaml');

    expect(Object.keys(options).sort()).toEqual([...CHARM_OPTION_NAMES].sort());
    expect(options[SSH_KEY_SECRET_OPTION]?.type).toBe('secret');
    for (const [name, key] of Object.entries(WORKLOAD_OPTIONS)) {
      const option = OPTIONS[key] as Option<unknown>;
      const fallback = typeof option.default === 'function' ? undefined : option.default;
      const declared = options[name];
      const type =
        typeof fallback === 'number' ? 'int' : typeof fallback === 'boolean' ? 'boolean' : 'string';
      expect({ name, type: declared?.type }).toEqual({ name, type });
      const expected =
        fallback === undefined || typeof fallback !== 'object'
          ? fallback
          : option.format(fallback as NonNullable<unknown>);
      expect({ name, default: declared?.default }).toEqual({ name, default: expected });
    }
  });

  it('actions.yaml: exactly the actions and parameters the code handles', () => {
    const actions = yamlIn<Record<string, ActionYaml>>(prime, 'actions.yaml');

    expect(Object.keys(actions).sort()).toEqual(Object.keys(ACTIONS).sort());
    for (const [name, spec] of Object.entries(ACTIONS)) {
      expect({ name, params: Object.keys(actions[name]?.params ?? {}).sort() }).toEqual({
        name,
        params: [...spec.params].sort(),
      });
      expect({ name, required: actions[name]?.required ?? [] }).toEqual({
        name,
        required: spec.required,
      });
    }
  });

  it('charmcraft.yaml primes what dispatch runs: bin/node and dist/charm.js', () => {
    const dispatch = readFileSync(join(CHARM_DIR, 'dispatch'), 'utf8');
    const { parts } = charmcraft();

    expect(dispatch).toContain('"$charm_dir/bin/node" "$charm_dir/dist/charm.js"');
    expect(parts.nodejs?.prime).toEqual(['bin/node']);
    expect(parts['charm-bundle']?.prime).toEqual(['dispatch', 'dist/charm.js', 'README.md']);
  });

  it('dispatch runs the bundle on the Node.js it carries, as Juju does', async () => {
    const juju = await FakeJuju.create({ unit: 'httprequest-lego-provider/0', leader: true });
    const containers = mkdtempSync(join(tmpdir(), 'hlp-charm-containers-'));
    try {
      const result = spawnSync(join(prime, 'dispatch'), [], {
        cwd: prime,
        env: {
          ...juju.env('/usr/bin:/bin'),
          JUJU_DISPATCH_PATH: 'hooks/install',
          JUJU_UNIT_NAME: 'httprequest-lego-provider/0',
          JUJU_MODEL_NAME: 'lego',
          JUJU_CHARM_DIR: prime,
          HLP_CHARM_CONTAINERS_DIR: containers,
        },
        encoding: 'utf8',
      });

      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(juju.state().unitStatus).toEqual({
        status: 'blocked',
        message:
          'missing options: git-repo, git-ssh-key-secret-id (or git-ssh-key); missing integrations: postgresql',
      });
    } finally {
      await juju.remove();
      rmSync(containers, { recursive: true, force: true });
    }
  });
});
