import { Command } from 'commander';
import { registerAcmeDnsCommands } from './commands/acme-dns-commands';
import { registerDomainCommands } from './commands/domain-commands';
import { registerImportCommands } from './commands/import-commands';
import { registerNetworkCommands } from './commands/network-commands';
import { registerServerCommands } from './commands/server-commands';
import { registerUserCommands } from './commands/user-commands';
import type { CliIo } from './io';

export const PROGRAM_NAME = 'lego-provider';

/** The command line: every command uses the same services as the server. */
export function buildProgram(io: CliIo): Command {
  const program = new Command(PROGRAM_NAME)
    .description(
      'httprequest-lego-provider: an HTTP request (lego httpreq) DNS-01 provider that keeps ACME TXT records in a git repository of zone files.\n' +
        'Configuration comes from the environment (see the README).',
    )
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });
  registerServerCommands(program, io);
  registerUserCommands(program, io);
  registerDomainCommands(program, io);
  registerNetworkCommands(program, io);
  registerImportCommands(program, io);
  registerAcmeDnsCommands(program, io);
  for (const command of program.commands) {
    command.exitOverride().configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });
  }
  return program;
}
