/**
 * A hook tool failed: it exited non-zero, could not be started, or printed output that
 * could not be parsed. The only error type the hook-tool functions throw.
 */
export class HookToolError extends Error {
  override readonly name = 'HookToolError';

  /**
   * @param command the full argument vector, tool name first (secrets never appear here)
   * @param exitCode the tool's exit code; 127 when it could not be started, 0 for unparsable output
   * @param stderr what the tool printed on stderr (or why it could not run)
   * @param stdout what the tool printed on stdout
   */
  constructor(
    readonly command: readonly string[],
    readonly exitCode: number,
    readonly stderr: string,
    readonly stdout = '',
  ) {
    super(
      `cannot run ${command.join(' ')}: exit code ${exitCode}: ${stderr.trim() || 'no output'}`,
    );
  }

  /** Whether Juju reported that the thing asked for (relation, secret, key) does not exist. */
  get isNotFound(): boolean {
    return /not found/i.test(this.stderr);
  }
}
