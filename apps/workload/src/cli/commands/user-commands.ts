import type { Command } from 'commander';
import { AdministrationService } from '../../administration/administration.service';
import { withAppContext } from '../app-context';
import { type CliIo, readPasswordFromStdin } from '../io';

interface UserOptions {
  readonly email?: string;
  readonly passwordStdin?: boolean;
  readonly json?: boolean;
}

async function upsert(io: CliIo, username: string, options: UserOptions, isAdmin: boolean) {
  const password = options.passwordStdin ? await readPasswordFromStdin(io.stdin) : undefined;
  const result = await withAppContext(io, { requireMigrated: true }, (app) =>
    app
      .get(AdministrationService)
      .upsertUser(username, { password, email: options.email, isAdmin: isAdmin || undefined }),
  );
  if (options.json) {
    io.stdout.write(
      `${JSON.stringify({ username, created: result.created, admin: result.user.isAdmin, password: options.passwordStdin ? undefined : result.password })}\n`,
    );
    return;
  }
  const verb = result.created ? 'Created' : 'Updated';
  const replaced = result.created ? '' : ' (it replaced the previous password)';
  const role = isAdmin ? 'admin user' : 'user';
  if (options.passwordStdin) {
    io.stdout.write(
      `${verb} ${role} "${username}" with the password given on standard input${replaced}\n`,
    );
  } else {
    io.stdout.write(
      `${verb} ${role} "${username}" with password "${result.password}"${replaced}\n`,
    );
  }
}

export function registerUserCommands(program: Command, io: CliIo): void {
  const describeUser = (command: Command) =>
    command
      .option('--email <address>', 'the user\u2019s e-mail address')
      .option('--password-stdin', 'read the password from standard input instead of generating one')
      .option('--json', 'print the result as JSON');

  describeUser(
    program
      .command('create-user')
      .argument('<username>', 'letters, digits and . @ + - _ (at most 150)')
      .description(
        'Create a user that may call /present and /cleanup, or set a new password for an existing one. ' +
          'A generated password is printed once.',
      ),
  ).action((username: string, options: UserOptions) => upsert(io, username, options, false));

  describeUser(
    program
      .command('create-superuser')
      .argument('<username>', 'letters, digits and . @ + - _ (at most 150)')
      .description(
        'Create an administrator (admin API and pages), or set a new password and the admin flag on an existing user.',
      ),
  ).action((username: string, options: UserOptions) => upsert(io, username, options, true));
}
