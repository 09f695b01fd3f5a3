import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Bind, startBind } from '../src/bind';
import { subjectAltNames, verifyChain } from '../src/certificate';
import { OUTPUT } from '../src/environment';
import { type LegoRun, runLego } from '../src/lego';
import { type Pebble, startPebble } from '../src/pebble';
import { createPki, type Pki } from '../src/pki';
import { startPostgres } from '../src/postgres';
import { Processes } from '../src/processes';
import { type Service, startService } from '../src/service';
import { step } from '../src/step';
import { createZoneRepository, type ZoneRepository } from '../src/zone-repository';

/**
 * The real lego client gets certificates from the real pebble through the service: lego calls
 * /present and /cleanup, the service commits and pushes the TXT records, the repository's hook
 * deploys them to BIND, and pebble's DNS-01 validation reads them there. The same with lego's
 * acme-dns provider through the acme-dns API, the `_acme-challenge` CNAME pointing into
 * ACME_ZONE. That is example.com itself: pebble asks BIND, authoritative only, which follows a
 * CNAME within a zone but not into another (a CA's resolver follows it anywhere).
 */
const ACME_ZONE = 'example.com';
const processes = new Processes();
let pki: Pki;
let pebble: Pebble;
let repository: ZoneRepository;
let bind: Bind;

beforeAll(async () => {
  pki = await step('make a throwaway CA for pebble', () => createPki(join(OUTPUT, 'pki')));
  bind = await step('start BIND on 127.0.0.1:53', () => startBind(join(OUTPUT, 'bind'), processes));
  repository = await step(
    'create the zone repository (example.com, example.org) and deploy it to BIND',
    () => createZoneRepository(join(OUTPUT, 'repository'), bind, ['example.com', 'example.org']),
  );
  pebble = await step('start pebble', () => startPebble(join(OUTPUT, 'pebble'), pki, processes));
});

afterAll(async () => {
  await processes.stopAll();
});

interface Account {
  readonly username: string;
  readonly password: string;
}

async function createAccount(
  service: Service,
  username: string,
  grant: string[],
): Promise<Account> {
  const password = `${username}-e2e-password`;
  const created = await service.cli(['create-user', username, '--password-stdin'], `${password}\n`);
  if (created.code !== 0) throw new Error(`create-user ${username}: ${created.stderr}`);
  if (grant.length > 0) {
    const allowed = await service.cli(['allow-domains', username, ...grant]);
    if (allowed.code !== 0) throw new Error(`allow-domains ${username}: ${allowed.stderr}`);
  }
  return { username, password };
}

async function issue(service: Service, run: LegoRun): Promise<void> {
  const result = await runLego(service.url, pki, pebble, run);
  if (result.code !== 0) throw new Error(`lego exited ${result.code}:\n${result.log.slice(-1500)}`);
  const expected = [...run.domains].sort();
  expect(await subjectAltNames(result.certificate)).toEqual(expected);
  await verifyChain(result.certificate, result.issuer, await pebble.root());
}

describe.each(['sqlite', 'postgres'] as const)(
  'certificates through the service on %s',
  (engine) => {
    let service: Service;
    let owner: Account;

    beforeAll(async () => {
      const databaseUrl =
        engine === 'postgres'
          ? await step('start PostgreSQL', () => startPostgres(join(OUTPUT, 'postgres'), processes))
          : undefined;
      service = await step(`start the service on ${engine} as the rock runs it`, () =>
        startService(processes, {
          dataDir: join(OUTPUT, `service-${engine}`),
          databaseUrl,
          repository: repository.path,
          // Registration stays closed, as by default.
          env: { HLP_ACMEDNS_ZONE: ACME_ZONE },
        }),
      );
      owner = await step('provision a user through the CLI', () =>
        createAccount(service, 'owner', [
          '--domains',
          'example.com',
          '--subdomains',
          'example.com,example.org',
        ]),
      );
    });

    afterAll(async () => {
      await service?.stop();
    });

    it('issues example.com + *.example.com in default mode, two values at one name at once', async () => {
      await step(`[${engine}] lego, default mode, example.com and *.example.com`, () =>
        issue(service, {
          name: `${engine}-default`,
          mode: 'default',
          ...owner,
          domains: ['example.com', '*.example.com'],
        }),
      );
      await step(`[${engine}] check the repository`, async () => {
        expect(await repository.mostTxtInHistory('example.com', '_acme-challenge')).toBe(2);
        expect(await repository.txtCount('example.com', '_acme-challenge')).toBe(0);
      });
      await step(
        `[${engine}] check that lego's propagation check and pebble's validation asked BIND`,
        async () => {
          expect(await bind.queried('_acme-challenge.example.com', 'lego')).toBe(true);
          expect(await bind.queried('_acme-challenge.example.com', 'pebble')).toBe(true);
        },
      );
    });

    it('issues host.example.org + *.host.example.org in RAW mode under a subdomain grant', async () => {
      await step(`[${engine}] lego, RAW mode, host.example.org and *.host.example.org`, () =>
        issue(service, {
          name: `${engine}-raw`,
          mode: 'raw',
          ...owner,
          domains: ['host.example.org', '*.host.example.org'],
        }),
      );
      await step(`[${engine}] check the repository`, async () => {
        expect(await repository.mostTxtInHistory('example.org', '_acme-challenge.host')).toBe(2);
        expect(await repository.txtCount('example.org', '_acme-challenge.host')).toBe(0);
      });
    });

    it('refuses a user without the grant: lego fails with 403 and nothing is committed', async () => {
      const stranger = await createAccount(service, 'stranger', ['--domains', 'example.net']);
      const commits = await repository.commitCount();
      const result = await step(`[${engine}] lego as a user without a grant on example.com`, () =>
        runLego(service.url, pki, pebble, {
          name: `${engine}-forbidden`,
          mode: 'default',
          ...stranger,
          domains: ['example.com'],
        }),
      );
      expect(result.code).not.toBe(0);
      expect(result.log).toContain('httpreq: 403: request failed');
      expect(result.log).toContain(
        'The user stranger does not have permission to manage _acme-challenge.example.com',
      );
      expect(await repository.commitCount()).toBe(commits);
    });

    it('refuses a wrong password: lego fails with 401', async () => {
      const commits = await repository.commitCount();
      const result = await step(`[${engine}] lego with a wrong password`, () =>
        runLego(service.url, pki, pebble, {
          name: `${engine}-unauthorized`,
          mode: 'default',
          username: owner.username,
          password: 'not-the-password',
          domains: ['example.com'],
        }),
      );
      expect(result.code).not.toBe(0);
      expect(result.log).toContain('httpreq: 401: request failed');
      expect(await repository.commitCount()).toBe(commits);
    });

    it('issues a name + its wildcard through the acme-dns API, the account from the CLI', async () => {
      const name = `acme-${engine}.example.com`;
      const storage = join(OUTPUT, `acme-dns-${engine}.json`);
      const account = await step(
        `[${engine}] lego-provider acme-dns register --domain ${name}`,
        async () => {
          const registered = await service.cli(['acme-dns', 'register', '--domain', name]);
          if (registered.code !== 0) throw new Error(`acme-dns register: ${registered.stderr}`);
          await writeFile(storage, registered.stdout);
          return (
            JSON.parse(registered.stdout) as Record<
              string,
              { fulldomain: string; subdomain: string }
            >
          )[name];
        },
      );
      await step(`[${engine}] CNAME _acme-challenge.${name} to ${account.fulldomain} in BIND`, () =>
        repository.addRecords('example.com', [
          `_acme-challenge.acme-${engine} 60 IN CNAME ${account.fulldomain}.`,
        ]),
      );
      await step(`[${engine}] lego, acme-dns, ${name} and *.${name}`, () =>
        issue(service, {
          name: `${engine}-acme-dns`,
          acmeDnsStorage: storage,
          domains: [name, `*.${name}`],
        }),
      );
      await step(`[${engine}] check the repository and BIND`, async () => {
        // acme-dns keeps the two newest values at the account's name, so that the name's and
        // the wildcard's challenges both validate (joohoi/acme-dns db.go Update).
        const values = await repository.txtValues(ACME_ZONE, account.subdomain);
        expect(values).toHaveLength(2);
        expect(new Set(values).size).toBe(2);
        for (const value of values) expect(value).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
        // lego's propagation check follows the CNAME and asks BIND for the fulldomain's TXT;
        // pebble asks for _acme-challenge.<name>, which BIND answers through the CNAME.
        expect(await bind.queried(account.fulldomain, 'lego')).toBe(true);
        expect(await bind.queried(`_acme-challenge.${name}`, 'pebble')).toBe(true);
      });
    });

    it('refuses acme-dns registration, closed by default: 404', async () => {
      // As goacmedns v0.1.1 registers (client.go RegisterAccount): a POST without a body, with
      // Content-Type: application/json; it takes nothing but 201 as an account.
      const answer = await fetch(`${service.url}/acme-dns/register`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
      });
      expect(answer.status).toBe(404);
      const body = (await answer.json()) as { error: string; message: string };
      expect(body.error).toBe('not_found');
      expect(body.message).toContain('registration is closed on this server');
    });

    it('issues two certificates for different names with two lego runs at the same time', async () => {
      await step(`[${engine}] two lego runs at once: a.example.com and b.example.org`, () =>
        Promise.all([
          issue(service, {
            name: `${engine}-parallel-a`,
            mode: 'default',
            ...owner,
            domains: ['a.example.com'],
          }),
          issue(service, {
            name: `${engine}-parallel-b`,
            mode: 'raw',
            ...owner,
            domains: ['b.example.org'],
          }),
        ]),
      );
      expect(await repository.txtCount('example.com', '_acme-challenge.a')).toBe(0);
      expect(await repository.txtCount('example.org', '_acme-challenge.b')).toBe(0);
    });
  },
);
