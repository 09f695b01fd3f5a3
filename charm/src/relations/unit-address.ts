import { type Charm, networkGet } from '@hlp/juju';

/** The unit's pod address on an endpoint's network. */
export async function unitAddress(charm: Charm, endpoint: string): Promise<string | undefined> {
  const network = await networkGet(charm.runner, endpoint);
  return network.bindAddresses[0]?.addresses[0]?.value ?? network.ingressAddresses[0];
}

/** The unit's stable DNS name in Kubernetes: `<app>-<n>.<app>-endpoints.<model>.svc.cluster.local`. */
export function unitHostName(charm: Charm): string {
  const { unitName, appName, modelName } = charm.context;
  return `${unitName.replace('/', '-')}.${appName}-endpoints.${modelName}.svc.cluster.local`;
}
