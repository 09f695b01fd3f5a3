import { type Charm, relationGet, relationList, relationSet } from '@hlp/juju';

import { ENDPOINTS } from '../names';
import { liveRelation } from './live-relations';
import { unitAddress, unitHostName } from './unit-address';

/** The URL the ingress provider published (`ingress` v2: `{"url": …}` in its application bag). */
export async function ingressUrl(charm: Charm): Promise<URL | undefined> {
  const relation = await liveRelation(charm, ENDPOINTS.ingress);
  if (relation === undefined) return undefined;
  const provider = await relationList(charm.runner, relation, { app: true });
  if (!provider) return undefined;
  const { ingress } = await relationGet(charm.runner, relation, provider, { app: true });
  try {
    return new URL((JSON.parse(ingress ?? '') as { url: string }).url);
  } catch {
    return undefined;
  }
}

/**
 * Where the ingress's requests come from: each provider unit's `egress-subnets` (else its
 * `ingress-address`), which Juju itself writes into every unit's databag. Right for an ingress
 * that proxies from its own units (Traefik); one whose proxy runs elsewhere (the nginx ingress
 * controller behind nginx-ingress-integrator) needs the `trusted-proxies` option instead.
 */
export async function ingressProxies(charm: Charm): Promise<string[]> {
  const relation = await liveRelation(charm, ENDPOINTS.ingress);
  if (relation === undefined) return [];
  const networks = new Set<string>();
  for (const unit of await relationList(charm.runner, relation)) {
    const data = await relationGet(charm.runner, relation, unit);
    const sources = data['egress-subnets'] || data['ingress-address'] || '';
    for (const network of sources.split(',')) {
      if (network.trim() !== '') networks.add(network.trim());
    }
  }
  return [...networks];
}

/**
 * Asks for ingress to the service (`ingress` v2, values JSON-encoded): the application, its
 * model and port, with the path prefix stripped as the Python charm did (leader), and this
 * unit's host name and address (every unit).
 */
export async function publishIngress(charm: Charm, port: number, leader: boolean): Promise<void> {
  const relation = await liveRelation(charm, ENDPOINTS.ingress);
  if (relation === undefined) return;
  const { appName, modelName } = charm.context;
  if (leader) {
    const request = {
      model: JSON.stringify(modelName),
      name: JSON.stringify(appName),
      port: JSON.stringify(port),
      'strip-prefix': 'true',
    };
    await relationSet(charm.runner, relation, request, { app: true });
  }
  const address = await unitAddress(charm, ENDPOINTS.ingress);
  await relationSet(charm.runner, relation, {
    host: JSON.stringify(unitHostName(charm)),
    ...(address === undefined ? {} : { ip: JSON.stringify(address) }),
  });
}
