import { type CharmDefinition } from '@hlp/juju';

import { ACTIONS } from './actions';
import { reconcile } from './reconcile';

/** The charm: one reconcile path for every hook, and a handler per action. */
export const CHARM: CharmDefinition = {
  reconcile,
  actions: Object.fromEntries(Object.entries(ACTIONS).map(([name, spec]) => [name, spec.run])),
};
