import type { Command } from 'commander';
import { acmeDnsAccountRequest } from '../../administration/acme-dns-input.schema';
import { AdministrationService } from '../../administration/administration.service';
import { parseInput } from '../../common/request-input';
import { withAppContext } from '../app-context';
import type { CliIo } from '../io';

interface RegisterOptions {
  readonly allowFrom?: string;
  readonly domain?: string;
}

export function registerAcmeDnsCommands(program: Command, io: CliIo): void {
  const acmeDns = program
    .command('acme-dns')
    .description('Manage the accounts of the acme-dns API (HLP_ACMEDNS_ZONE).');
  acmeDns
    .command('register')
    .description(
      'Register an acme-dns account, whatever HLP_ACMEDNS_REGISTRATION says, and print the JSON its ' +
        'client stores: the account as POST /register answers it, or with --domain the storage file ' +
        'of lego (ACME_DNS_STORAGE_PATH) and cert-manager (accountSecretRef) for that name.',
    )
    .option(
      '--allow-from <cidrs>',
      'comma-separated networks the account may update from (its allowfrom), e.g. 10.0.0.0/8',
    )
    .option('--domain <name>', 'the name the account validates: print {"<name>": account}')
    .action(async (options: RegisterOptions) => {
      const request = parseInput(acmeDnsAccountRequest, {
        allowfrom: options.allowFrom,
        domain: options.domain,
      });
      const { account, stored } = await withAppContext(
        io,
        { requireMigrated: true },
        (app, config) =>
          app.get(AdministrationService).registerAcmeDnsAccount(request, config.publicUrl ?? ''),
      );
      io.stdout.write(`${JSON.stringify(stored, null, 2)}\n`);
      io.stderr.write(
        `Registered "${account.username}": point _acme-challenge.${request.domain ?? '<name>'} (CNAME) at ${account.fulldomain}.\n`,
      );
    });
  acmeDns.commands.forEach((command) =>
    command.exitOverride().configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    }),
  );
}
