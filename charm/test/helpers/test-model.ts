import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { type ConfigValue, PebbleClient, type ServiceSpec } from '@hlp/juju';
import {
  CharmHarness,
  type DispatchResult,
  type FakeJujuStateInit,
  type FakePebbleServer,
  type HarnessEvent,
  newSecretId,
} from '@hlp/juju/testing';

import { CONTAINER, ENDPOINTS, SERVICE } from '../../src/names';
import { defaultConfig } from './charmcraft';
import { freePort } from './free-port';
import { CHARM_PRIME, WORKLOAD_DIR } from './paths';
import { rockLayerOnHost } from './rock-layer';
import { type TestDatabase, createTestDatabase } from './test-database';
import { createZoneRepository } from './zone-repository';

export const APP = 'httprequest-lego-provider';
export const PEER_RELATION_ID = 1;
export const DATABASE_RELATION_ID = 3;
const DATABASE_APP = 'postgresql-k8s';

/** Juju names the rock's layer after the layer file, `001-httprequest-lego-provider.yaml`. */
const ROCK_LAYER_LABEL = 'httprequest-lego-provider';

export interface UnitOptions {
  /** Options the operator set, on top of the declared defaults; default: git-repo only. */
  readonly config?: Record<string, ConfigValue>;
  readonly state?: FakeJujuStateInit;
}

/**
 * One unit run through the harness, with the real workload: the rock's layer with its paths
 * moved to this machine, a data directory, and a port of its own.
 */
export class TestUnit {
  constructor(
    readonly harness: CharmHarness,
    readonly dataDir: string,
    readonly port: number,
    readonly metricsPort: number,
  ) {}

  get pebble(): FakePebbleServer {
    return this.harness.pebble(CONTAINER);
  }

  dispatch(event: HarnessEvent): Promise<DispatchResult> {
    return this.harness.dispatch(event);
  }

  /** The service as the plan has it now. */
  service(): ServiceSpec | undefined {
    return this.pebble.plan().services?.[SERVICE];
  }

  environment(): Record<string, string> {
    return this.service()?.environment ?? {};
  }

  /** How many times the workload started: it logs one "listening on" line per start. */
  starts(): number {
    try {
      const log = readFileSync(join(this.pebble.logsDir, `${SERVICE}.log`), 'utf8');
      return log.split('\n').filter((line) => line.includes('listening on http')).length;
    } catch {
      return 0;
    }
  }

  /** What Pebble's services API says about the service. */
  async serviceState(): Promise<string | undefined> {
    const client = new PebbleClient({ socketPath: this.pebble.socketPath });
    const [service] = await client.getServices([SERVICE]);
    return service?.current;
  }

  /** The workload's shared SSH connections outlive it (ControlPersist): ends them. */
  endSshConnections(): void {
    const sockets = join(this.dataDir, 'ssh');
    if (!existsSync(sockets)) return;
    for (const name of readdirSync(sockets)) {
      const controlPath = `ControlPath=${join(sockets, name)}`;
      spawnSync('ssh', ['-o', controlPath, '-O', 'exit', 'git-server'], { stdio: 'ignore' });
    }
  }

  async readyStatus(): Promise<number> {
    const response = await fetch(`http://127.0.0.1:${this.port}/health/ready`);
    return response.status;
  }
}

/**
 * What one test file deploys into: a temporary directory, a zone repository, a database, and
 * the units added to it. `destroy()` stops everything and deletes it all.
 */
export class TestModel {
  private readonly units: TestUnit[] = [];

  private constructor(
    readonly dir: string,
    readonly zoneRepository: string,
    readonly database: TestDatabase,
    readonly databaseSecretId: string,
  ) {}

  static async create(): Promise<TestModel> {
    const dir = mkdtempSync(join(tmpdir(), 'hlp-charm-'));
    const repository = createZoneRepository(join(dir, 'zones.git'));
    return new TestModel(dir, repository, await createTestDatabase(dir), newSecretId());
  }

  /** The relation and secret Juju holds once postgresql-k8s has answered. */
  private databaseState(): Required<Pick<FakeJujuStateInit, 'relations' | 'secrets'>> {
    const { answer } = this.database;
    return {
      relations: [
        {
          id: DATABASE_RELATION_ID,
          endpoint: ENDPOINTS.database,
          remoteApp: DATABASE_APP,
          remoteAppData: { ...answer.databag, 'secret-user': this.databaseSecretId },
          remoteUnitsData: { [`${DATABASE_APP}/0`]: {} },
        },
      ],
      secrets: [{ id: this.databaseSecretId, owner: 'remote', content: answer.credentials }],
    };
  }

  async addUnit(options: UnitOptions = {}): Promise<TestUnit> {
    const number = this.units.length;
    const unitDir = join(this.dir, `unit-${number}`);
    const dataDir = join(unitDir, 'data');
    mkdirSync(dataDir, { recursive: true });
    const port = await freePort();
    const metricsPort = await freePort();
    const database = this.databaseState();
    const harness = await CharmHarness.create({
      charmDir: CHARM_PRIME,
      containers: [CONTAINER],
      dispatchTimeoutMs: 90_000,
      // Pebble waits 1 s before it calls a service started; half of that is plenty here.
      serviceOkayDelayMs: 500,
      state: {
        unit: `${APP}/${number}`,
        leader: number === 0,
        modelName: 'lego',
        config: { ...defaultConfig(), ...(options.config ?? { 'git-repo': this.zoneRepository }) },
        ...options.state,
        relations: [
          {
            id: PEER_RELATION_ID,
            endpoint: ENDPOINTS.peers,
            remoteApp: APP,
            peer: true,
          },
          ...database.relations,
          ...(options.state?.relations ?? []),
        ],
        secrets: [...database.secrets, ...(options.state?.secrets ?? [])],
      },
    });
    const unit = new TestUnit(harness, dataDir, port, metricsPort);
    this.units.push(unit);
    // The fake Pebble runs commands on this machine: the host paths must read the same from
    // the container's files API, so the sandbox links them to themselves.
    for (const hostDir of [WORKLOAD_DIR, dataDir]) {
      const inSandbox = unit.pebble.hostPath(hostDir);
      mkdirSync(dirname(inSandbox), { recursive: true });
      symlinkSync(hostDir, inSandbox);
    }
    const layer = rockLayerOnHost({
      node: process.execPath,
      workloadDir: WORKLOAD_DIR,
      dataDir,
      port,
      metricsPort,
    });
    await new PebbleClient({ socketPath: unit.pebble.socketPath }).addLayer(
      ROCK_LAYER_LABEL,
      layer,
    );
    return unit;
  }

  async destroy(): Promise<void> {
    await Promise.all(this.units.map((unit) => unit.harness.close()));
    for (const unit of this.units) unit.endSshConnections();
    await this.database.drop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
