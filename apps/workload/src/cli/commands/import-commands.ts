import type { Command } from 'commander';
import { parseDatabase } from '@hlp/config';
import { AppError } from '../../common/app-error';
import { readDjangoData } from '../../takeover/django-source';
import { formatImportReport } from '../../takeover/import-report';
import { TakeoverService } from '../../takeover/takeover.service';
import { withAppContext } from '../app-context';
import { type CliIo, readPasswordFromStdin } from '../io';

interface ImportOptions {
  readonly from?: string;
  readonly fromStdin?: boolean;
  readonly dryRun?: boolean;
  readonly json?: boolean;
}

export function registerImportCommands(program: Command, io: CliIo): void {
  program
    .command('import-django')
    .description(
      'Take over a deployment of the Python httprequest-lego-provider: copy its users (password hashes kept, ' +
        'upgraded at each next login; is_staff becomes admin), domains and grants into this service. ' +
        'Safe to run again: what is already here is left as it is.',
    )
    .option(
      '--from <url>',
      'the Python service\u2019s PostgreSQL database: postgresql://user:password@host/name',
    )
    .option('--from-stdin', 'read that URL from standard input, off the command line')
    .option('--dry-run', 'report what would change, and change nothing')
    .option('--json', 'print the report as JSON')
    .action(async (options: ImportOptions) => {
      if ((options.from === undefined) === (options.fromStdin !== true)) {
        throw new AppError('invalid_input', 'give either --from <url> or --from-stdin');
      }
      const source = parseDatabase(options.from ?? (await readPasswordFromStdin(io.stdin)));
      if (source.type !== 'postgres') {
        throw new AppError(
          'invalid_input',
          '--from must be the PostgreSQL database of the Python service',
        );
      }
      const data = await readDjangoData(source.url).catch((error: unknown) => {
        throw new AppError(
          'not_ready',
          `cannot read the Python service's tables from ${source.redacted}: ${(error as Error).message}`,
        );
      });
      const report = await withAppContext(io, { requireMigrated: true }, (app) =>
        app.get(TakeoverService).importDjango(data, options.dryRun ?? false),
      );
      io.stdout.write(
        options.json ? `${JSON.stringify(report, null, 2)}\n` : formatImportReport(report),
      );
    });
}
