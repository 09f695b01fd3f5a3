import type { Server } from 'node:http';
import type { Command } from 'commander';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { AccountsService } from '../../accounts/accounts.service';
import { trimCHeapPeriodically } from '../../common/c-heap-trim';
import { limitHeapGrowth } from '../../common/heap-growth';
import { startupConfig } from '../../config/startup-config';
import { dataSourceOf, runMigrations } from '../../database/migrations';
import { DomainsService } from '../../domains/domains.service';
import { createHttpApp } from '../../http/create-http-app';
import { seedRepository } from '../../records/seed-repository';
import { withAppContext } from '../app-context';
import type { CliIo } from '../io';

const EXAMPLE_ZONE = 'example.com';
/**
 * Connections accepted by the kernel before the service takes them (capped by
 * net.core.somaxconn). Node's default of 511 overflows under a burst of a thousand connections,
 * and every client then waits for its SYN to be sent again (1 s, 3 s, 7 s), a well-behaved
 * client as much as the flood.
 */
const LISTEN_BACKLOG = 4096;

function migrate(app: NestExpressApplication): Promise<string[]> {
  return runMigrations(dataSourceOf(app));
}

/**
 * Builds the server, lets `prepare` use its services, then listens; what `prepare` has to tell is
 * printed last, where start-up lines cannot push it out of sight.
 */
async function serve(
  io: CliIo,
  prepare: (app: NestExpressApplication) => Promise<string | void>,
): Promise<void> {
  limitHeapGrowth();
  trimCHeapPeriodically();
  const config = await startupConfig(io.env);
  const app = await createHttpApp(config);
  const notice = await prepare(app);
  await app.init();
  const server = app.getHttpServer() as Server;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: config.port, host: config.host, backlog: LISTEN_BACKLOG }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  app.get(Logger).log(`listening on http://${config.host}:${config.port}`, 'Server');
  if (notice) io.stdout.write(notice);
}

/**
 * Admin user for the embedded defaults, created once, allowed to manage the example zone; says
 * what its password is, or, once it exists, how to set a new one.
 */
async function ensureAdmin(app: NestExpressApplication): Promise<string> {
  const accounts = app.get(AccountsService);
  if (await accounts.findByUsername('admin')) {
    return (
      'User "admin" exists already: its password was printed when it was created. To set a new one, ' +
      'run `lego-provider create-superuser admin` with the same environment ' +
      '(from a clone: `node apps/workload/dist/main.js create-superuser admin`).\n'
    );
  }
  const { password } = await accounts.upsertUser('admin', { isAdmin: true });
  await app
    .get(DomainsService)
    .allow('admin', { domains: [EXAMPLE_ZONE], subdomains: [EXAMPLE_ZONE] });
  return `Created admin user "admin" with password "${password}" (shown once; it may manage ${EXAMPLE_ZONE} and every name below it)\n`;
}

export function registerServerCommands(program: Command, io: CliIo): void {
  program
    .command('serve')
    .description('Run the HTTP server (the lego httpreq API and health probes).')
    .option('--no-migrate', 'do not apply pending database migrations first')
    .action(async (options: { migrate: boolean }) => {
      await serve(io, async (app) => {
        if (options.migrate) await migrate(app);
      });
    });

  program
    .command('migrate')
    .description('Apply pending database migrations (safe to run from several units at once).')
    .action(async () => {
      const applied = await withAppContext(io, { requireMigrated: false }, (app) =>
        runMigrations(dataSourceOf(app)),
      );
      io.stdout.write(
        applied.length === 0
          ? 'The database is up to date.\n'
          : `Applied ${applied.length} migration(s): ${applied.join(', ')}\n`,
      );
    });

  program
    .command('quickstart')
    .description(
      'Run on embedded defaults: a local zone repository seeded with example.com (when none is there yet), ' +
        'the database migrated, an "admin" user whose password is printed once, then the server.',
    )
    .action(async () => {
      const config = await startupConfig(io.env);
      if (config.gitRepo.transport === 'file' && config.gitRepo.url.startsWith('/')) {
        if (await seedRepository(config.gitRepo.url, [EXAMPLE_ZONE])) {
          io.stdout.write(`Seeded ${config.gitRepo.url} with ${EXAMPLE_ZONE}.domain\n`);
        }
      }
      await serve(io, async (app) => {
        await migrate(app);
        return ensureAdmin(app);
      });
    });
}
