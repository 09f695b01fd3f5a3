import type { Command } from 'commander';
import { AdministrationService } from '../../administration/administration.service';
import { AppError } from '../../common/app-error';
import { withAppContext } from '../app-context';
import type { CliIo } from '../io';

interface NetworkOptions {
  readonly networks?: string;
  readonly any?: boolean;
}

export function registerNetworkCommands(program: Command, io: CliIo): void {
  program
    .command('restrict-networks')
    .argument('<username>', 'the user')
    .description(
      'Let a user connect only from some networks (CIDR, IPv4 or IPv6), or from anywhere again with --any.',
    )
    .option('--networks <cidrs>', 'comma-separated networks, e.g. 10.0.0.0/8,2001:db8::/32')
    .option('--any', 'lift the restriction')
    .action(async (username: string, options: NetworkOptions) => {
      if ((options.networks === undefined) === (options.any !== true)) {
        throw new AppError('invalid_input', 'give either --networks or --any');
      }
      const networks = options.any
        ? []
        : (options.networks ?? '').split(',').map((item) => item.trim());
      const applied = await withAppContext(io, { requireMigrated: true }, (app) =>
        app.get(AdministrationService).setAllowedNetworks(username, networks),
      );
      io.stdout.write(
        applied.length === 0
          ? `"${username}" may connect from anywhere.\n`
          : `"${username}" may connect only from ${applied.join(', ')}.\n`,
      );
    });
}
