import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

import { OPTIONS } from '@hlp/config';

import { READY_CHECK, SERVICE, SERVICE_USER } from '../src/names';
import { workloadImage } from '../src/workload/workload-image';
import { workloadLayer } from '../src/workload/workload-layer';
import { WORKLOAD_DIR } from './helpers/paths';
import {
  ROCK_DATA_DIR,
  ROCK_PORT,
  ROCK_WORKLOAD_DIR,
  rockLayer,
  rockcraft,
} from './helpers/rock-layer';

const OPTION_VARIABLES = new Set(Object.values(OPTIONS).flatMap((option) => [...option.env]));

describe('the rock (rock/rockcraft.yaml)', () => {
  const rock = rockcraft();
  const service = rockLayer().services?.[SERVICE];

  it('is Ubuntu 24.04 with Node.js, git and OpenSSH, and runs the service as _daemon_', () => {
    expect(rock).toMatchObject({ base: 'ubuntu@24.04', 'run-user': SERVICE_USER });
    expect(service).toMatchObject({ user: SERVICE_USER, startup: 'enabled' });
    const { parts } = rock;
    expect(parts.nodejs?.prime).toEqual(['usr/bin/node']);
    expect(parts['runtime-packages']?.['stage-packages']).toEqual(
      expect.arrayContaining(['git', 'openssh-client']),
    );
  });

  it('runs what the end-to-end suite runs: node <deployed workload>/dist/main.js serve', () => {
    expect(service?.command).toBe(`/usr/bin/node ${ROCK_WORKLOAD_DIR}/dist/main.js serve`);
    // The workload part deploys the workload exactly there.
    expect(rock.parts.workload?.['override-build']).toContain(
      `deploy --prod $CRAFT_PART_INSTALL${ROCK_WORKLOAD_DIR}\n`,
    );
    const help = execFileSync(
      process.execPath,
      [join(WORKLOAD_DIR, 'dist', 'main.js'), 'serve', '--help'],
      { encoding: 'utf8' },
    );
    expect(help).toContain('--no-migrate');
  });

  it('sets only variables the shared schema declares', () => {
    for (const name of Object.keys(service?.environment ?? {})) {
      expect({ name, declared: OPTION_VARIABLES.has(name) }).toEqual({ name, declared: true });
    }
  });

  it("agrees with the charm's layer: same command, place, user and ready check", () => {
    const image = workloadImage(rockLayer());
    const layer = workloadLayer(image, { HLP_LOG_LEVEL: 'debug' }, ROCK_PORT);

    expect(image.environment).toEqual({
      HLP_HOST: '0.0.0.0',
      HLP_PORT: String(ROCK_PORT),
      HLP_DATA_DIR: ROCK_DATA_DIR,
    });
    expect(layer.services?.[SERVICE]).toMatchObject({
      command: service?.command,
      'working-dir': service?.['working-dir'],
      user: service?.user,
      summary: service?.summary,
    });
    expect(layer.checks?.[READY_CHECK]).toEqual(rockLayer().checks?.[READY_CHECK]);
  });
});
