import { readFileSync } from 'node:fs';
import { chown, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { APP_DIR, ROCK_NODE_HERE, SERVICE_USER } from './environment';
import { type Processes, run, type RunResult, waitFor } from './processes';

const ROCK = join(__dirname, '..', '..', '..', 'rock', 'rockcraft.yaml');
const ROCK_APP_DIR = '/srv/httprequest-lego-provider';
const ROCK_NODE = '/usr/bin/node';
const SERVICE = 'httprequest-lego-provider';

interface RockService {
  readonly command: string;
  readonly environment: Record<string, string>;
}

/** The service exactly as the rock declares it: command and environment. */
export function rockService(): RockService {
  const rock = load(readFileSync(ROCK, 'utf8')) as { services: Record<string, RockService> };
  const service = rock.services[SERVICE];
  if (!service) throw new Error(`${ROCK} declares no service "${SERVICE}"`);
  return service;
}

export interface Service {
  readonly url: string;
  /** The workload's CLI, run like the service (same user, same environment). */
  cli(args: readonly string[], stdin?: string): Promise<RunResult>;
  stop(): Promise<void>;
}

export interface ServiceOptions {
  readonly dataDir: string;
  readonly databaseUrl?: string;
  readonly repository: string;
  /** Options of the deployment beyond the rock's (the acme-dns zone, …). */
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * Starts the deployed workload with the rock's command and environment. Only what the rock
 * leaves to its deployment differs: where the app and its data live, the database, the
 * repository, and a serial bump that the deploy hook waits on.
 */
export async function startService(
  processes: Processes,
  options: ServiceOptions,
): Promise<Service> {
  const rock = rockService();
  const [rockProgram, ...args] = rock.command
    .split(' ')
    .map((word) => word.replace(ROCK_APP_DIR, APP_DIR));
  if (rockProgram !== ROCK_NODE) {
    throw new Error(`the rock runs ${rockProgram}, not ${ROCK_NODE}`);
  }
  // The rock's Node.js, the pinned one (see scripts/run-isolated.js).
  const program = ROCK_NODE_HERE;
  await mkdir(options.dataDir, { recursive: true });
  await chown(options.dataDir, SERVICE_USER.uid, SERVICE_USER.gid);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: options.dataDir,
    ...rock.environment,
    HLP_DATA_DIR: options.dataDir,
    HLP_GIT_REPO: options.repository,
    HLP_BUMP_SOA_SERIAL: 'true',
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
    ...options.env,
  };
  const asService = { uid: SERVICE_USER.uid, gid: SERVICE_USER.gid, env };
  const child = processes.start(
    `service-${options.databaseUrl ? 'postgres' : 'sqlite'}`,
    program,
    args,
    asService,
  );
  const url = `http://127.0.0.1:${rock.environment.HLP_PORT}`;
  await waitFor('the service to be ready', async () => {
    if (child.exitCode !== null) throw new Error(`the service exited with ${child.exitCode}`);
    return fetch(`${url}/health/ready`).then(
      (response) => response.ok,
      () => false,
    );
  });
  return {
    url,
    cli: (cliArgs, stdin) =>
      run(program, [join(APP_DIR, 'dist', 'main.js'), ...cliArgs], { ...asService, input: stdin }),
    stop: () => processes.stop(child),
  };
}
