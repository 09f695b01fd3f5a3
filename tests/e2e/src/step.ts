/** Runs one named step: its failure names it, and progress shows how long each took. */
export async function step<T>(name: string, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  process.stderr.write(`[e2e] ${name} …\n`);
  try {
    const result = await work();
    process.stderr.write(
      `[e2e] ${name}: done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
    );
    return result;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`step "${name}" failed: ${message}`, { cause: error });
  }
}
