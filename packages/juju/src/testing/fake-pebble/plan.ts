import { load } from 'js-yaml';

import { isJsonObject } from '../../json';
import { type Layer, type Plan } from '../../pebble/layer';
import { ApiError } from './api-response';

/** How a field combines when an item with `override: merge` meets an earlier one. */
type FieldKind = 'list' | 'map' | { readonly nested: FieldTable };
type FieldTable = Readonly<Record<string, FieldKind>>;

// Pebble's Merge methods: scalars are replaced when set, lists appended, maps merged key by key.
const SECTIONS: Readonly<Record<'services' | 'checks' | 'log-targets', FieldTable>> = {
  services: {
    after: 'list',
    before: 'list',
    requires: 'list',
    environment: 'map',
    'on-check-failure': 'map',
  },
  checks: {
    http: { nested: { headers: 'map' } },
    tcp: { nested: {} },
    exec: { nested: { environment: 'map' } },
  },
  'log-targets': { services: 'list', labels: 'map' },
};
const SECTION_NOUN = { services: 'service', checks: 'check', 'log-targets': 'log target' } as const;

type Item = Record<string, unknown>;

type Section = keyof typeof SECTIONS;
const SECTION_NAMES = Object.keys(SECTIONS) as Section[];

// Items are handled generically, as the plain objects the YAML parsed into.
function itemsOf(layer: Layer, section: Section): Record<string, Item> {
  return (layer[section] ?? {}) as unknown as Record<string, Item>;
}

function mergeItem(base: Item, overlay: Item, fields: FieldTable): Item {
  const merged: Item = { ...base };
  for (const [key, value] of Object.entries(overlay)) {
    const kind = fields[key];
    if (key === 'override' || value === undefined || value === null || value === '') {
      continue;
    } else if (kind === 'list') {
      merged[key] = [...((base[key] as unknown[] | undefined) ?? []), ...(value as unknown[])];
    } else if (kind === 'map') {
      merged[key] = { ...((base[key] as Item | undefined) ?? {}), ...(value as Item) };
    } else if (kind !== undefined) {
      merged[key] = mergeItem((base[key] as Item | undefined) ?? {}, value as Item, kind.nested);
    } else {
      merged[key] = value;
    }
  }
  return merged;
}

/** Combines layers in order, as Pebble's CombineLayers does. */
export function combineLayers(layers: readonly Layer[]): Plan {
  const combined: Record<string, Record<string, Item>> = {
    services: {},
    checks: {},
    'log-targets': {},
  };
  for (const layer of layers) {
    for (const section of SECTION_NAMES) {
      const target = combined[section] ?? {};
      for (const [name, item] of Object.entries(itemsOf(layer, section))) {
        const existing = target[name];
        // A JSON copy rather than structuredClone: its objects must come from this realm (jest runs
        // code in a vm context, and js-yaml refuses to dump objects of another realm).
        target[name] =
          item.override === 'merge' && existing !== undefined
            ? mergeItem(existing, item, SECTIONS[section])
            : (JSON.parse(JSON.stringify(item)) as Item);
      }
    }
  }
  const plan: Plan = {};
  const last = layers[layers.length - 1];
  if (last?.summary) plan.summary = last.summary;
  if (last?.description) plan.description = last.description;
  for (const [section, items] of Object.entries(combined)) {
    if (Object.keys(items).length > 0) {
      (plan as Record<string, unknown>)[section] = items;
    }
  }
  return plan;
}

/** Parses and validates a layer the way `POST /v1/layers` does; problems are 400s. */
export function parseLayer(label: string, yaml: string): Layer {
  if (label.startsWith('pebble-')) {
    throw new ApiError(400, 'cannot use reserved label prefix "pebble-"');
  }
  let parsed: unknown;
  try {
    parsed = load(yaml);
  } catch (error) {
    throw new ApiError(
      400,
      `cannot parse layer YAML: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const layer = (parsed ?? {}) as Layer;
  if (!isJsonObject(layer)) {
    throw new ApiError(400, 'cannot parse layer YAML: not a map');
  }
  for (const section of SECTION_NAMES) {
    for (const [name, item] of Object.entries(itemsOf(layer, section))) {
      const noun = SECTION_NOUN[section];
      if (item.override === undefined) {
        throw new ApiError(400, `layer "${label}" must define "override" for ${noun} "${name}"`);
      }
      if (item.override !== 'merge' && item.override !== 'replace') {
        throw new ApiError(
          400,
          `layer "${label}" has invalid "override" value for ${noun} "${name}"`,
        );
      }
    }
  }
  return layer;
}

/** Checks what Pebble checks on the combined plan before accepting a layer. */
export function validatePlan(plan: Plan): void {
  for (const [name, service] of Object.entries(plan.services ?? {})) {
    if (!service.command) {
      throw new ApiError(400, `plan must define "command" for service "${name}"`);
    }
  }
  for (const [name, check] of Object.entries(plan.checks ?? {})) {
    const kinds = [check.http, check.tcp, check.exec].filter((kind) => kind !== undefined).length;
    if (kinds !== 1) {
      throw new ApiError(
        400,
        `plan must specify one of "http", "tcp", or "exec" for check "${name}"`,
      );
    }
  }
}

/** The ordered layers of a fake Pebble and their combined plan. */
export class PlanStore {
  /** @param layers the layers to start from, changed in place (an in-memory container keeps its own). */
  constructor(private readonly layers: { label: string; layer: Layer }[] = []) {}

  /** Adds a layer, or with `combine` merges it into the one with the same label (Pebble's `AppendLayer`/`CombineLayer`). */
  add(label: string, layer: Layer, combine: boolean): void {
    const index = this.layers.findIndex((entry) => entry.label === label);
    if (index >= 0 && !combine) {
      throw new ApiError(400, `layer "${label}" already exists`);
    }
    const next = [...this.layers];
    const existing = next[index];
    if (existing === undefined) {
      next.push({ label, layer });
    } else {
      next[index] = { label, layer: combineLayers([existing.layer, layer]) };
    }
    validatePlan(combineLayers(next.map((entry) => entry.layer)));
    this.layers.splice(0, this.layers.length, ...next);
  }

  /** The labels, in order. */
  labels(): string[] {
    return this.layers.map((entry) => entry.label);
  }

  /** One layer, as stored after combining. */
  layer(label: string): Layer | undefined {
    return this.layers.find((entry) => entry.label === label)?.layer;
  }

  /** The combined plan. */
  plan(): Plan {
    return combineLayers(this.layers.map((entry) => entry.layer));
  }
}
