import type { Command } from 'commander';
import { AppError } from '../../common/app-error';
import { DomainsService, type GrantRequest } from '../../domains/domains.service';
import { withAppContext } from '../app-context';
import { formatGrants } from '../format-grants';
import type { CliIo } from '../io';

interface GrantOptions {
  readonly domains?: string[];
  readonly subdomains?: string[];
  readonly note?: string;
}

function commaList(value: string, previous: string[] = []): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== ''),
  ];
}

function grantRequest(options: GrantOptions): GrantRequest {
  if (!options.domains?.length && !options.subdomains?.length) {
    throw new AppError('invalid_input', 'give --domains, --subdomains or both');
  }
  return { domains: options.domains, subdomains: options.subdomains };
}

function withGrantOptions(command: Command): Command {
  return command
    .argument('<username>', 'the user')
    .option('--domains <names>', 'comma-separated names: exactly these names', commaList)
    .option(
      '--subdomains <names>',
      'comma-separated names: any name strictly below these',
      commaList,
    );
}

export function registerDomainCommands(program: Command, io: CliIo): void {
  withGrantOptions(
    program
      .command('allow-domains')
      .description(
        'Let a user manage the ACME challenge records of domains (--domains) or of every name below them (--subdomains). ' +
          'All or nothing: if any name is invalid, nothing is granted.',
      ),
  )
    .option('--note <text>', 'why the grant exists (kept with it)')
    .action(async (username: string, options: GrantOptions) => {
      const request = grantRequest(options);
      const outcome = await withAppContext(io, { requireMigrated: true }, (app) =>
        app.get(DomainsService).allow(username, request, options.note),
      );
      for (const item of outcome.unchanged) {
        io.stderr.write(
          `note: "${username}" already had ${item.accessLevel} access to ${item.domain}\n`,
        );
      }
      io.stdout.write('Successfully granted access to all domains.\n');
    });

  withGrantOptions(
    program
      .command('revoke-domains')
      .description(
        'Take back grants. All or nothing: if any grant does not exist, nothing is revoked.',
      ),
  ).action(async (username: string, options: GrantOptions) => {
    const request = grantRequest(options);
    await withAppContext(io, { requireMigrated: true }, (app) =>
      app.get(DomainsService).revoke(username, request),
    );
    io.stdout.write('Successfully removed access to the domains.\n');
  });

  program
    .command('list-domains')
    .argument('<username>', "a user, or '*' for every user")
    .description('Show what a user may manage.')
    .option('--json', 'print the result as JSON')
    .action(async (username: string, options: { json?: boolean }) => {
      const grants = await withAppContext(io, { requireMigrated: true }, (app) =>
        app.get(DomainsService).list(username),
      );
      io.stdout.write(options.json ? `${JSON.stringify(grants, null, 2)}\n` : formatGrants(grants));
    });
}
