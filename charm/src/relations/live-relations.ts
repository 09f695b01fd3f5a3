import { type Charm, type RelationRef, relationIds } from '@hlp/juju';

/**
 * The relations on an endpoint, without the one this very hook is breaking: during
 * `<endpoint>-relation-broken` Juju may still list it, but its data is going away and the
 * charm must configure the workload as if it were gone.
 */
export async function liveRelations(charm: Charm, endpoint: string): Promise<RelationRef[]> {
  const { event } = charm.context;
  const broken =
    event.kind === 'relation-broken' && event.relation.endpoint === endpoint
      ? event.relation.id
      : undefined;
  return (await relationIds(charm.runner, endpoint)).filter((relation) => relation.id !== broken);
}

/** The one relation of an endpoint declared with `limit: 1`, unless it is being broken. */
export async function liveRelation(
  charm: Charm,
  endpoint: string,
): Promise<RelationRef | undefined> {
  const [relation] = await liveRelations(charm, endpoint);
  return relation;
}
