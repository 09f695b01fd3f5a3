import { type JujuContext } from '@hlp/juju';

/**
 * Names clients use to reach the service besides the configured ones: the Kubernetes service
 * (`<app>`, `<app>.<model>`, anything under `<model>.svc.cluster.local`) and the ingress host.
 * The Python charm added them too.
 */
export function serviceHostNames(context: JujuContext, ingress: URL | undefined): string[] {
  const { appName, modelName } = context;
  return [
    appName,
    `${appName}.${modelName}`,
    `.${modelName}.svc.cluster.local`,
    ...(ingress === undefined ? [] : [ingress.hostname]),
  ];
}
