import { readFileSync } from 'node:fs';

import { load } from 'js-yaml';

import { isJsonObject } from '../../../json';
import { type FakeJujuState, type FakeRelation } from '../fake-juju-state';
import {
  type ToolCall,
  type ToolHandler,
  ToolFailure,
  formatOutput,
  keyValue,
  parseToolArgs,
} from '../tool-call';

const RELATION_OPTIONS = ['r', 'relation'];

/** This unit's application name. */
export function appName(state: FakeJujuState): string {
  return state.unit.split('/')[0] ?? state.unit;
}

/** Finds a relation by `endpoint:id` or bare id, as `-r` takes it. */
export function findRelation(state: FakeJujuState, reference: string): FakeRelation {
  const [endpoint, id] = reference.includes(':') ? reference.split(':') : [undefined, reference];
  const relation = state.relations.find(
    (candidate) =>
      String(candidate.id) === id && (endpoint === undefined || candidate.endpoint === endpoint),
  );
  if (relation === undefined) {
    throw new ToolFailure(`invalid value "${reference}" for option -r: relation not found`, 2);
  }
  return relation;
}

/** The relation of `-r`, or of the current relation hook (`JUJU_RELATION_ID`). */
function relationOf(
  { env, state }: ToolCall,
  options: ReadonlyMap<string, string | boolean>,
): FakeRelation {
  const reference = options.get('r') ?? options.get('relation') ?? env.JUJU_RELATION_ID;
  if (typeof reference !== 'string') {
    throw new ToolFailure('no relation id specified', 2);
  }
  return findRelation(state, reference);
}

/** `relation-ids [--format=json] [<endpoint>]`. */
export const relationIds: ToolHandler = (call) => {
  const { options, positional } = parseToolArgs(call.args, { values: ['format'] });
  const endpoint = positional[0] ?? call.env.JUJU_RELATION;
  const ids = call.state.relations
    .filter((relation) => relation.endpoint === endpoint)
    .map((relation) => `${relation.endpoint}:${relation.id}`);
  return formatOutput(ids, options.get('format'));
};

/** `relation-list [--format=json] [--app] [-r <endpoint>:<id>]`. */
export const relationList: ToolHandler = (call) => {
  const { options } = parseToolArgs(call.args, {
    values: ['format', ...RELATION_OPTIONS],
    flags: ['app'],
  });
  const relation = relationOf(call, options);
  const value =
    options.get('app') === true ? relation.remoteApp : Object.keys(relation.remoteUnitsData);
  return formatOutput(value, options.get('format'));
};

function databag(
  call: ToolCall,
  relation: FakeRelation,
  member: string,
  app: boolean,
): Record<string, string> {
  const { state } = call;
  if (member === state.unit) {
    return relation.localUnitData;
  }
  if (app && member === appName(state)) {
    // Reading your own application bag needs leadership, except on peer relations.
    if (!state.leader && !relation.peer) {
      throw new ToolFailure('permission denied');
    }
    return relation.localAppData;
  }
  if (app && member === relation.remoteApp) {
    return relation.remoteAppData;
  }
  const unitBag = app ? undefined : relation.remoteUnitsData[member];
  if (unitBag === undefined) {
    throw new ToolFailure(
      `cannot read settings for ${app ? 'application' : 'unit'} "${member}" in relation "${relation.endpoint}:${relation.id}": settings not found`,
    );
  }
  return unitBag;
}

/** `relation-get [--format=json] [-r <endpoint>:<id>] [--app] [<key>|-] [<unit-or-app>]`. */
export const relationGet: ToolHandler = (call) => {
  const { options, positional } = parseToolArgs(call.args, {
    values: ['format', ...RELATION_OPTIONS],
    flags: ['app'],
  });
  const relation = relationOf(call, options);
  const app = options.get('app') === true;
  const [key = '-', member = app ? call.env.JUJU_REMOTE_APP : call.env.JUJU_REMOTE_UNIT] =
    positional;
  if (member === undefined) {
    throw new ToolFailure('no unit or application specified', 2);
  }
  const bag = databag(call, relation, member, app);
  return formatOutput(key === '-' ? bag : (bag[key] ?? null), options.get('format'));
};

function settingsFromFile(call: ToolCall, file: string): Record<string, string> {
  const data = load(file === '-' ? call.readStdin() : readFileSync(file, 'utf8'));
  if (data !== undefined && data !== null && !isJsonObject(data)) {
    throw new ToolFailure('expected a map of keys to values');
  }
  return Object.fromEntries(Object.entries(data ?? {}).map(([key, value]) => [key, String(value)]));
}

/** `relation-set [-r <endpoint>:<id>] [--app] [--file <path>|-] [key=value …]`: merges; an empty value deletes. */
export const relationSet: ToolHandler = (call) => {
  const { options, positional } = parseToolArgs(call.args, {
    values: ['file', 'format', ...RELATION_OPTIONS],
    flags: ['app'],
  });
  const relation = relationOf(call, options);
  const file = options.get('file');
  const settings = typeof file === 'string' ? settingsFromFile(call, file) : {};
  for (const arg of positional) {
    const { key, value } = keyValue(arg);
    settings[key] = value;
  }
  if (options.get('app') === true && !call.state.leader) {
    throw new ToolFailure('cannot write relation settings');
  }
  const bag = options.get('app') === true ? relation.localAppData : relation.localUnitData;
  for (const [key, value] of Object.entries(settings)) {
    if (value === '') {
      delete bag[key];
    } else {
      bag[key] = value;
    }
  }
};
