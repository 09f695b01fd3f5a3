import { type Charm } from '@hlp/juju';

import { CHARM_NAME } from '../names';

/** This unit's topology as the COS libraries put it in a `metadata` bag (cosl's JujuTopology.as_dict). */
export function topologyMetadata(charm: Charm): Record<string, string> {
  const { appName, modelName, modelUuid, unitName } = charm.context;
  return {
    model: modelName,
    model_uuid: modelUuid ?? '',
    application: appName,
    unit: unitName,
    charm_name: CHARM_NAME,
  };
}
