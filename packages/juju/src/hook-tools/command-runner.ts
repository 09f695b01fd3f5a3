/** What a command printed and how it exited. */
export interface CommandResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options for one command run. */
export interface CommandOptions {
  /** Text written to the command's stdin (which is closed afterwards, or right away without it). */
  readonly stdin?: string;
}

/**
 * Runs an executable with an argument array and reports how it ended.
 *
 * The one seam between a charm and Juju's hook tools: production code uses
 * {@link ProcessCommandRunner}; tests may pass anything that records or fakes calls.
 * A runner resolves for any exit code and rejects only when the command could not run.
 */
export interface CommandRunner {
  run(command: string, args: readonly string[], options?: CommandOptions): Promise<CommandResult>;
}
