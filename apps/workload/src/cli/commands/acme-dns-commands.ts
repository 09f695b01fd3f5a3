import type { Command } from 'commander';
import { AcmeDnsAccounts } from '../../acme-dns/acme-dns-accounts';
import { AcmeDnsError, normalizeAllowFrom } from '../../acme-dns/wire';
import { AppError } from '../../common/app-error';
import { InvalidNameError, normalizeDomain } from '../../domains/domain-name';
import { withAppContext } from '../app-context';
import type { CliIo } from '../io';

interface RegisterOptions {
  readonly allowFrom?: string;
  readonly domain?: string;
}

function checked<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof AcmeDnsError || error instanceof InvalidNameError) {
      throw new AppError(
        'invalid_input',
        error instanceof AcmeDnsError ? error.reason : error.message,
      );
    }
    throw error;
  }
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
      const allowFrom = checked(() =>
        normalizeAllowFrom(options.allowFrom === undefined ? [] : options.allowFrom.split(',')),
      );
      const domain =
        options.domain === undefined ? undefined : checked(() => normalizeDomain(options.domain!));
      const { account, serverUrl } = await withAppContext(
        io,
        { requireMigrated: true },
        async (app, config) => {
          if (config.acmeDnsZone === undefined) {
            throw new AppError('invalid_input', 'the acme-dns API is off: set HLP_ACMEDNS_ZONE');
          }
          return {
            account: await AcmeDnsAccounts.in(app).register(config.acmeDnsZone, allowFrom),
            serverUrl: config.publicUrl && `${config.publicUrl}${config.acmeDnsPrefix}`,
          };
        },
      );
      const stored = { ...account, ...(serverUrl ? { server_url: serverUrl } : {}) };
      io.stdout.write(`${JSON.stringify(domain ? { [domain]: stored } : stored, null, 2)}\n`);
      io.stderr.write(
        `Registered "${account.username}": point _acme-challenge.${domain ?? '<name>'} (CNAME) at ${account.fulldomain}.\n`,
      );
    });
  acmeDns.commands.forEach((command) =>
    command.exitOverride().configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    }),
  );
}
