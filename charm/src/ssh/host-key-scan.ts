import {
  BlockedStatusError,
  type CommandRunner,
  ExecError,
  type Pebble,
  PebbleError,
  stateGet,
  stateSet,
} from '@hlp/juju';

import { SERVICE_USER } from '../names';
import { type SshEndpoint, knownHostsEntries, knownHostsName } from './known-hosts';

/** Unit state holding the keys scanned last: `{"endpoint": …, "keys": …}`. */
const SCANNED_KEYS_STATE = 'scanned-host-keys';
const SCAN_TIMEOUT_SECONDS = 10;

interface ScannedKeys {
  readonly endpoint: string;
  readonly keys: string;
}

function parseScannedKeys(text: string | undefined): ScannedKeys | undefined {
  try {
    const value: unknown = JSON.parse(text ?? '');
    const { endpoint, keys } = (value ?? {}) as Partial<ScannedKeys>;
    return typeof endpoint === 'string' && typeof keys === 'string'
      ? { endpoint, keys }
      : undefined;
  } catch {
    return undefined;
  }
}

/** ssh-keyscan says nothing when the server does not answer; otherwise its last word. */
function scanFailure(error: PebbleError): string {
  const said = error instanceof ExecError ? error.stderr : error.message;
  return said.trim().split('\n').filter(Boolean).at(-1) ?? 'no answer';
}

/**
 * The repository server's host keys of every type, scanned from the workload container (trust
 * on first use) when the operator pinned none. The first answer is kept in the unit's state and
 * reused, so a later impostor is refused rather than trusted.
 */
export async function scannedHostKeys(
  runner: CommandRunner,
  pebble: Pebble,
  endpoint: SshEndpoint,
): Promise<string> {
  const name = knownHostsName(endpoint);
  const remembered = parseScannedKeys(await stateGet(runner, SCANNED_KEYS_STATE));
  if (remembered?.endpoint === name) return remembered.keys;

  const command = [
    'ssh-keyscan',
    '-T',
    String(SCAN_TIMEOUT_SECONDS),
    ...(endpoint.port === undefined ? [] : ['-p', String(endpoint.port)]),
    endpoint.host,
  ];
  let entries: string[] = [];
  let failure = 'no answer';
  try {
    const { stdout } = await pebble.exec(command, {
      user: SERVICE_USER,
      timeoutMs: (SCAN_TIMEOUT_SECONDS + 5) * 1000,
    });
    entries = knownHostsEntries(stdout);
  } catch (error) {
    if (!(error instanceof PebbleError)) throw error;
    failure = scanFailure(error);
  }
  if (entries.length === 0) {
    throw new BlockedStatusError(
      `cannot scan the SSH host keys of ${name} (${failure}): set git-known-hosts`,
    );
  }
  const keys = `${entries.join('\n')}\n`;
  await stateSet(runner, { [SCANNED_KEYS_STATE]: JSON.stringify({ endpoint: name, keys }) });
  return keys;
}
