/** One relation: the local endpoint it is on and its model-wide id (`postgresql:3`). */
export interface RelationRef {
  readonly endpoint: string;
  readonly id: number;
}

/** Formats a relation the way hook tools take it after `-r`: `endpoint:id`. */
export function formatRelationRef(relation: RelationRef): string {
  return `${relation.endpoint}:${relation.id}`;
}

/** Parses `endpoint:id` (as printed by `relation-ids` and set in `JUJU_RELATION_ID`). */
export function parseRelationRef(text: string): RelationRef {
  const separator = text.lastIndexOf(':');
  const id = text.slice(separator + 1);
  if (separator <= 0 || !/^\d+$/.test(id)) {
    throw new Error(`cannot parse relation id "${text}": expected <endpoint>:<id>`);
  }
  return { endpoint: text.slice(0, separator), id: Number(id) };
}
