import { parseRelationRef } from '../hook-tools/relation-ref';
import { type Environment } from './environment';
import {
  type JujuEvent,
  type LifecycleHook,
  type PebbleCheckEvent,
  type RelationEvent,
  type SecretEvent,
  type StorageEvent,
} from './juju-event';
import { NotInJujuError } from './not-in-juju-error';

const LIFECYCLE_HOOKS: ReadonlySet<string> = new Set<LifecycleHook>([
  'install',
  'start',
  'stop',
  'remove',
  'upgrade-charm',
  'config-changed',
  'update-status',
  'leader-elected',
  'leader-settings-changed',
  'pre-series-upgrade',
  'post-series-upgrade',
  'collect-metrics',
]);

const SUFFIXED_HOOK =
  /^(.+)-(pebble-ready|pebble-custom-notice|pebble-check-failed|pebble-check-recovered|relation-created|relation-joined|relation-changed|relation-departed|relation-broken|storage-attached|storage-detaching)$/;

function required(env: Environment, name: string, hook: string): string {
  const value = env[name];
  if (!value) {
    throw new NotInJujuError(`${name} is not set for hook ${hook}`);
  }
  return value;
}

function optional(env: Environment, name: string): string | undefined {
  return env[name] || undefined;
}

// JUJU_RELATION_ID is `endpoint:id`; very old Juju set the bare number.
function relationIdOf(value: string, endpoint: string): number {
  try {
    return parseRelationRef(value.includes(':') ? value : `${endpoint}:${value}`).id;
  } catch {
    throw new NotInJujuError(`JUJU_RELATION_ID "${value}" is not <endpoint>:<id>`);
  }
}

function parseAction(name: string, env: Environment): JujuEvent {
  const uuid = optional(env, 'JUJU_ACTION_UUID');
  return {
    kind: 'action',
    name: optional(env, 'JUJU_ACTION_NAME') ?? name,
    ...(uuid ? { uuid } : {}),
  };
}

function parseSecretHook(hook: SecretEvent['kind'], env: Environment): SecretEvent {
  const label = optional(env, 'JUJU_SECRET_LABEL');
  const revision = optional(env, 'JUJU_SECRET_REVISION');
  return {
    kind: hook,
    secret: {
      id: required(env, 'JUJU_SECRET_ID', hook),
      ...(label ? { label } : {}),
      ...(revision ? { revision: Number(revision) } : {}),
    },
  };
}

function parseSuffixedHook(
  hook: string,
  prefix: string,
  suffix: string,
  env: Environment,
): JujuEvent {
  if (suffix.startsWith('relation-')) {
    const id = relationIdOf(required(env, 'JUJU_RELATION_ID', hook), prefix);
    const remoteApp = optional(env, 'JUJU_REMOTE_APP');
    const remoteUnit = optional(env, 'JUJU_REMOTE_UNIT');
    const departingUnit = optional(env, 'JUJU_DEPARTING_UNIT');
    return {
      kind: suffix as RelationEvent['kind'],
      relation: { endpoint: optional(env, 'JUJU_RELATION') ?? prefix, id },
      ...(remoteApp ? { remoteApp } : {}),
      ...(remoteUnit ? { remoteUnit } : {}),
      ...(departingUnit ? { departingUnit } : {}),
    };
  }
  if (suffix.startsWith('storage-')) {
    const id = optional(env, 'JUJU_STORAGE_ID');
    return {
      kind: suffix as StorageEvent['kind'],
      storage: { name: prefix, ...(id ? { id } : {}) },
    };
  }
  const workload = optional(env, 'JUJU_WORKLOAD_NAME') ?? prefix;
  if (suffix === 'pebble-custom-notice') {
    const notice = {
      id: required(env, 'JUJU_NOTICE_ID', hook),
      type: required(env, 'JUJU_NOTICE_TYPE', hook),
      key: required(env, 'JUJU_NOTICE_KEY', hook),
    };
    return { kind: 'pebble-custom-notice', workload, notice };
  }
  if (suffix === 'pebble-ready') {
    return { kind: 'pebble-ready', workload };
  }
  return {
    kind: suffix as PebbleCheckEvent['kind'],
    workload,
    checkName: required(env, 'JUJU_PEBBLE_CHECK_NAME', hook),
  };
}

/**
 * Reads the event from `JUJU_DISPATCH_PATH` (`hooks/<hook>` or `actions/<name>`) and the
 * variables Juju sets beside it.
 */
export function parseJujuEvent(dispatchPath: string, env: Environment): JujuEvent {
  const [directory, name = ''] = dispatchPath.split('/', 2);
  if (directory === 'actions') {
    return parseAction(name, env);
  }
  const hook = directory === 'hooks' ? name : dispatchPath;
  if (LIFECYCLE_HOOKS.has(hook)) {
    return { kind: hook as LifecycleHook };
  }
  if (/^secret-(changed|rotate|remove|expired)$/.test(hook)) {
    return parseSecretHook(hook as SecretEvent['kind'], env);
  }
  const match = SUFFIXED_HOOK.exec(hook);
  if (match) {
    return parseSuffixedHook(hook, match[1] ?? '', match[2] ?? '', env);
  }
  return { kind: 'unknown', hook };
}
