import { randomBytes } from 'node:crypto';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cli } from './support/cli';
import { ENGINES } from './support/databases';
import { freePort } from './support/ports';
import { type LogLine, startService, type ServiceProcess } from './support/service';
import { createTestEnvironment, type TestEnvironment } from './support/test-app';
import { pushZone, remoteZone, txtLines } from './support/zone-repository';

const PASSWORD = 'healing-password-0123';
const value = () => randomBytes(32).toString('base64url');

/**
 * Empties every loose object of a clone: what `core.fsync=none` can leave after a power cut. Each
 * is a new empty file: a clone of a local path shares the remote's files (hard links).
 */
async function truncateLooseObjects(clone: string): Promise<number> {
  const objects = join(clone, '.git', 'objects');
  let count = 0;
  for (const dir of await readdir(objects)) {
    if (!/^[0-9a-f]{2}$/.test(dir)) continue;
    for (const file of await readdir(join(objects, dir))) {
      await rm(join(objects, dir, file));
      await writeFile(join(objects, dir, file), '');
      count += 1;
    }
  }
  return count;
}

describe.each(ENGINES)('a working clone left damaged, on %s', (engine) => {
  let environment: TestEnvironment;
  let service: ServiceProcess | undefined;
  let clone: string;
  let logFile: string;
  let metricsPort: number;
  const presented = new Map<string, string>();

  const start = async () => {
    metricsPort = await freePort();
    service = await startService(
      { ...environment.env, HLP_METRICS_PORT: String(metricsPort) },
      logFile,
    );
  };

  const present = async (label: string) => {
    const v = value();
    const response = await (service as ServiceProcess).fetch('/present', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Authorization: `Basic ${Buffer.from(`healer:${PASSWORD}`).toString('base64')}`,
      },
      body: JSON.stringify({ fqdn: `_acme-challenge.${label}.example.com`, value: v }),
    });
    if (response.status === 204) presented.set(label, v);
    return response.status;
  };

  /** The rebuild's log line, once the metrics count it too. */
  const rebuilt = async (during: 'open' | 'batch'): Promise<LogLine> => {
    const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    expect(metrics).toContain(`lego_provider_record_clone_rebuilds_total{during="${during}"} 1\n`);
    return (service as ServiceProcess).logged(
      `the clone rebuilt during ${during}`,
      (line) =>
        line.msg === 'the working clone is damaged: cloning it again' && line.during === during,
    );
  };

  beforeAll(async () => {
    environment = await createTestEnvironment(engine);
    clone = join(environment.env.HLP_DATA_DIR, 'repository');
    logFile = join(environment.dir, 'service.log');
    expect((await cli(['migrate'], environment.env)).code).toBe(0);
    await cli(['create-user', 'healer', '--password-stdin'], environment.env, `${PASSWORD}\n`);
    await cli(['allow-domains', 'healer', '--subdomains', 'example.com'], environment.env);
  });

  afterAll(async () => {
    await service?.stop();
    await environment.cleanup();
  });

  it('is cloned again when a batch finds it damaged, and the batch still lands', async () => {
    await start();
    expect(await present('a1')).toBe(204);
    expect(await present('a2')).toBe(204);
    expect(await truncateLooseObjects(clone)).toBeGreaterThan(0);
    // The batch's push sends the objects it wrote from memory, and reads none of the clone's: the
    // damage shows once the batch reads the clone, here as another writer's commit makes it fetch.
    await pushZone(environment.remote, 'other', 'other zone\n');

    expect(await present('a3')).toBe(204);
    const line = await rebuilt('batch');
    expect(JSON.stringify(line.err)).toMatch(/object file .* is empty/);
  });

  it('is cloned again at start-up, and the service gets ready', async () => {
    await (service as ServiceProcess).stop();
    expect(await truncateLooseObjects(clone)).toBeGreaterThan(0);
    await start();
    await rebuilt('open');
    expect(await present('b1')).toBe(204);
  });

  it('edits the zone file HEAD holds, not a working copy cut short', async () => {
    const file = join(clone, 'example.com.domain');
    const whole = await readFile(file, 'utf8');
    await writeFile(file, whole.slice(0, whole.length / 2));
    expect(await present('c1')).toBe(204);
    const zone = await remoteZone(environment.remote, 'example.com');
    expect(zone.startsWith(whole)).toBe(true);
  });

  it('loses nothing that was acknowledged', async () => {
    expect([...presented.keys()]).toEqual(['a1', 'a2', 'a3', 'b1', 'c1']);
    const zone = await remoteZone(environment.remote, 'example.com');
    for (const [label, v] of presented)
      expect(txtLines(zone, `_acme-challenge.${label}`)).toEqual([v]);
  });
});
