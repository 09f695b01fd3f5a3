import { type LifecycleHook } from '../context/juju-event';
import { type JsonObject } from '../json';
import { type FakeJujuState } from './fake-juju/fake-juju-state';
import { findRelation } from './fake-juju/tools/relation';

/** An event to dispatch; relation and secret details are looked up in the fake state. */
export type HarnessEvent =
  | { readonly kind: 'hook'; readonly hook: LifecycleHook }
  | { readonly kind: 'pebble-ready'; readonly container: string }
  | {
      readonly kind: 'relation';
      readonly phase: 'created' | 'joined' | 'changed' | 'departed' | 'broken';
      readonly relationId: number;
      readonly remoteUnit?: string;
      readonly departingUnit?: string;
    }
  | {
      readonly kind: 'secret';
      readonly phase: 'changed' | 'rotate' | 'remove' | 'expired';
      readonly secretId: string;
      readonly revision?: number;
    }
  | { readonly kind: 'action'; readonly name: string; readonly params: JsonObject };

/** Builders of {@link HarnessEvent}s, named after the hooks. */
export const events = {
  hook: (hook: LifecycleHook): HarnessEvent => ({ kind: 'hook', hook }),
  install: (): HarnessEvent => events.hook('install'),
  start: (): HarnessEvent => events.hook('start'),
  configChanged: (): HarnessEvent => events.hook('config-changed'),
  upgradeCharm: (): HarnessEvent => events.hook('upgrade-charm'),
  leaderElected: (): HarnessEvent => events.hook('leader-elected'),
  updateStatus: (): HarnessEvent => events.hook('update-status'),
  stop: (): HarnessEvent => events.hook('stop'),
  remove: (): HarnessEvent => events.hook('remove'),
  pebbleReady: (container: string): HarnessEvent => ({ kind: 'pebble-ready', container }),
  relationCreated: (relationId: number): HarnessEvent => ({
    kind: 'relation',
    phase: 'created',
    relationId,
  }),
  relationJoined: (relationId: number, remoteUnit: string): HarnessEvent => ({
    kind: 'relation',
    phase: 'joined',
    relationId,
    remoteUnit,
  }),
  /** Without `remoteUnit`: the remote application's databag changed. */
  relationChanged: (relationId: number, remoteUnit?: string): HarnessEvent => ({
    kind: 'relation',
    phase: 'changed',
    relationId,
    ...(remoteUnit === undefined ? {} : { remoteUnit }),
  }),
  relationDeparted: (
    relationId: number,
    remoteUnit: string,
    departingUnit = remoteUnit,
  ): HarnessEvent => ({
    kind: 'relation',
    phase: 'departed',
    relationId,
    remoteUnit,
    departingUnit,
  }),
  relationBroken: (relationId: number): HarnessEvent => ({
    kind: 'relation',
    phase: 'broken',
    relationId,
  }),
  secretChanged: (secretId: string): HarnessEvent => ({
    kind: 'secret',
    phase: 'changed',
    secretId,
  }),
  secretRotate: (secretId: string): HarnessEvent => ({ kind: 'secret', phase: 'rotate', secretId }),
  secretRemove: (secretId: string, revision: number): HarnessEvent => ({
    kind: 'secret',
    phase: 'remove',
    secretId,
    revision,
  }),
  secretExpired: (secretId: string, revision: number): HarnessEvent => ({
    kind: 'secret',
    phase: 'expired',
    secretId,
    revision,
  }),
  action: (name: string, params: JsonObject = {}): HarnessEvent => ({
    kind: 'action',
    name,
    params,
  }),
};

/** `JUJU_DISPATCH_PATH` and the event's own variables, as Juju would set them. */
export function dispatchVariables(
  event: HarnessEvent,
  state: FakeJujuState,
): { dispatchPath: string; env: Record<string, string> } {
  switch (event.kind) {
    case 'hook':
      return { dispatchPath: `hooks/${event.hook}`, env: { JUJU_HOOK_NAME: event.hook } };
    case 'pebble-ready': {
      const hook = `${event.container}-pebble-ready`;
      return {
        dispatchPath: `hooks/${hook}`,
        env: { JUJU_HOOK_NAME: hook, JUJU_WORKLOAD_NAME: event.container },
      };
    }
    case 'relation': {
      const relation = findRelation(state, String(event.relationId));
      const hook = `${relation.endpoint}-relation-${event.phase}`;
      const env: Record<string, string> = {
        JUJU_HOOK_NAME: hook,
        JUJU_RELATION: relation.endpoint,
        JUJU_RELATION_ID: `${relation.endpoint}:${relation.id}`,
        JUJU_REMOTE_APP: relation.remoteApp,
      };
      if (event.remoteUnit !== undefined) env.JUJU_REMOTE_UNIT = event.remoteUnit;
      if (event.departingUnit !== undefined) env.JUJU_DEPARTING_UNIT = event.departingUnit;
      return { dispatchPath: `hooks/${hook}`, env };
    }
    case 'secret': {
      const hook = `secret-${event.phase}`;
      const secret = state.secrets.find((candidate) => candidate.id === event.secretId);
      const label = secret?.owner === 'remote' ? secret.consumerLabel : secret?.label;
      const env: Record<string, string> = { JUJU_HOOK_NAME: hook, JUJU_SECRET_ID: event.secretId };
      if (label !== undefined) env.JUJU_SECRET_LABEL = label;
      if (event.revision !== undefined) env.JUJU_SECRET_REVISION = String(event.revision);
      return { dispatchPath: `hooks/${hook}`, env };
    }
    case 'action':
      return {
        dispatchPath: `actions/${event.name}`,
        env: { JUJU_ACTION_NAME: event.name, JUJU_ACTION_UUID: `${event.name}-${Date.now()}` },
      };
  }
}
