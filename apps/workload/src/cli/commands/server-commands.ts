import type { Command } from 'commander';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AccountsService } from '../../accounts/accounts.service';
import type { AppConfig } from '../../config/app-config';
import { startupConfig } from '../../config/startup-config';
import { runMigrations } from '../../database/migrations';
import { createHttpApp } from '../../http/create-http-app';
import { seedRepository } from '../../records/seed-repository';
import { DomainsService as DomainsService } from '../../domains/domains.service';
import { withAppContext } from '../app-context';
import type { CliIo } from '../io';

async function serve(config: AppConfig, migrate: boolean, io: CliIo): Promise<void> {
  const app = await createHttpApp(config);
  if (migrate) await runMigrations(app.get<DataSource>(getDataSourceToken()));
  await app.listen(config.port, config.host);
  io.stderr.write(`httprequest-lego-provider listening on http://${config.host}:${config.port}\n`);
}

const EXAMPLE_ZONE = 'example.com';

export function registerServerCommands(program: Command, io: CliIo): void {
  program
    .command('serve')
    .description('Run the HTTP server (the lego httpreq API and health probes).')
    .option('--no-migrate', 'do not apply pending database migrations first')
    .action(async (options: { migrate: boolean }) => {
      await serve(await startupConfig(io.env), options.migrate, io);
    });

  program
    .command('migrate')
    .description('Apply pending database migrations (safe to run from several units at once).')
    .action(async () => {
      const applied = await withAppContext(io, { requireMigrated: false }, (app) =>
        runMigrations(app.get<DataSource>(getDataSourceToken())),
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
      const admin = await withAppContext(io, { requireMigrated: false }, async (app) => {
        await runMigrations(app.get<DataSource>(getDataSourceToken()));
        const accounts = app.get(AccountsService);
        if (await accounts.findByUsername('admin')) return undefined;
        const created = await accounts.upsertUser('admin', { isAdmin: true });
        await app
          .get(DomainsService)
          .allow('admin', { domains: [EXAMPLE_ZONE], subdomains: [EXAMPLE_ZONE] });
        return created.password;
      });
      if (admin) {
        io.stdout.write(
          `Created admin user "admin" with password "${admin}" (shown once; it may manage ${EXAMPLE_ZONE} and names below it)\n`,
        );
      }
      await serve(config, false, io);
    });
}
