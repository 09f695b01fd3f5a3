import { type Environment } from './environment';
import { type JujuEvent } from './juju-event';
import { NotInJujuError } from './not-in-juju-error';
import { parseJujuEvent } from './parse-juju-event';

/** Everything Juju tells a charm about one dispatch, read once from the environment. */
export interface JujuContext {
  /** `JUJU_DISPATCH_PATH`, such as `hooks/config-changed` or `actions/create-user`. */
  readonly dispatchPath: string;
  /** What happened, parsed from the dispatch path and its companion variables. */
  readonly event: JujuEvent;
  /** `JUJU_UNIT_NAME`, such as `httprequest-lego-provider/0`. */
  readonly unitName: string;
  /** The application name: the unit name before the `/`. */
  readonly appName: string;
  /** `JUJU_MODEL_NAME`. */
  readonly modelName: string;
  /** `JUJU_MODEL_UUID`, when set. */
  readonly modelUuid?: string;
  /** `JUJU_CHARM_DIR` (or the legacy `CHARM_DIR`): where the charm is unpacked. */
  readonly charmDir: string;
  /** `JUJU_VERSION`, such as `3.6.4`, when set. */
  readonly jujuVersion?: string;
}

/**
 * Reads the dispatch environment. Throws {@link NotInJujuError} naming every missing
 * variable when the process was not started by Juju.
 */
export function readJujuContext(env: Environment = process.env): JujuContext {
  const charmDir = env.JUJU_CHARM_DIR || env.CHARM_DIR;
  const missing = ['JUJU_DISPATCH_PATH', 'JUJU_UNIT_NAME', 'JUJU_MODEL_NAME'].filter(
    (name) => !env[name],
  );
  if (!charmDir) {
    missing.push('JUJU_CHARM_DIR');
  }
  const dispatchPath = env.JUJU_DISPATCH_PATH;
  const unitName = env.JUJU_UNIT_NAME;
  const modelName = env.JUJU_MODEL_NAME;
  if (missing.length > 0 || !dispatchPath || !unitName || !modelName || !charmDir) {
    throw new NotInJujuError(
      `${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not set`,
    );
  }
  const appName = unitName.split('/')[0] ?? unitName;
  return {
    dispatchPath,
    event: parseJujuEvent(dispatchPath, env),
    unitName,
    appName,
    modelName,
    charmDir,
    ...(env.JUJU_MODEL_UUID ? { modelUuid: env.JUJU_MODEL_UUID } : {}),
    ...(env.JUJU_VERSION ? { jujuVersion: env.JUJU_VERSION } : {}),
  };
}
