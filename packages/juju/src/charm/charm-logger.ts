import { type CommandRunner } from '../hook-tools/command-runner';
import { type LogLevel, jujuLog } from '../hook-tools/log';

/** Logs to the unit's Juju log (`juju debug-log`). */
export interface CharmLogger {
  debug(message: string): Promise<void>;
  info(message: string): Promise<void>;
  warning(message: string): Promise<void>;
  error(message: string): Promise<void>;
}

/**
 * A logger over `juju-log`. When juju-log itself fails, the line goes to stderr (which Juju
 * also records) rather than turning a log call into a charm failure.
 */
export function createCharmLogger(
  runner: CommandRunner,
  stderr: (text: string) => void,
): CharmLogger {
  const log = async (level: LogLevel, message: string): Promise<void> => {
    try {
      await jujuLog(runner, message, level);
    } catch (error) {
      stderr(
        `${level} ${message}\n(juju-log failed: ${error instanceof Error ? error.message : String(error)})\n`,
      );
    }
  };
  return {
    debug: (message) => log('DEBUG', message),
    info: (message) => log('INFO', message),
    warning: (message) => log('WARNING', message),
    error: (message) => log('ERROR', message),
  };
}
