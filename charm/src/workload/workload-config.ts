import { join } from 'node:path';

import {
  type Config,
  ConfigError,
  type ConfigIssue,
  type OptionKey,
  OptionValueError,
  PROCESS_ENVIRONMENT,
  type WorkloadFile,
  loadConfig,
  parseDatabase,
  renderWorkload,
} from '@hlp/config';

import { KNOWN_HOSTS_OPTION, WORKLOAD_OPTIONS } from '../config/charm-options';
import { type CharmSettings, type WorkloadValues } from '../config/charm-settings';
import { type ConfigProblems } from '../config/config-problems';
import { ENDPOINTS, PEER_PORT, SIGNING_KEY_SECRET_LABEL } from '../names';
import { type WorkloadImage } from './workload-image';

/** Everything the workload process gets: its environment and the files it points at. */
export interface WorkloadConfig {
  readonly environment: Readonly<Record<string, string>>;
  readonly files: readonly WorkloadFile[];
  /** Where the charm writes those files. */
  readonly filesDir: string;
  /** The environment parsed back by the shared schema, as the workload will read it. */
  readonly config: Config;
}

/** What the charm gathered from config, relations and secrets. */
export interface WorkloadSources {
  readonly settings: CharmSettings;
  readonly image: WorkloadImage;
  readonly databaseUri: string;
  readonly signingKey: string;
  /** Pinned or scanned host keys, for an SSH repository. */
  readonly knownHosts?: string;
  /** Host names the service must answer to besides the configured ones (Kubernetes, ingress). */
  readonly serviceHostNames: readonly string[];
  /** Where the ingress's requests come from, as the ingress integration tells. */
  readonly ingressProxies: readonly string[];
}

/** The files the charm writes live in the workload's data directory, in a folder of their own. */
const FILES_FOLDER = 'charm';

const DATABASE_SOURCE = `database URI from the ${ENDPOINTS.database} integration`;

const OPTION_OF_KEY: Readonly<Partial<Record<OptionKey, string>>> = {
  ...Object.fromEntries(Object.entries(WORKLOAD_OPTIONS).map(([name, key]) => [key, name])),
  gitKnownHostsFile: KNOWN_HOSTS_OPTION,
  database: DATABASE_SOURCE,
  secretKey: `signing key (secret "${SIGNING_KEY_SECRET_LABEL}")`,
};

/** Names an issue the way the operator knows it: the Juju option, or where the value came from. */
function describeSource(issue: ConfigIssue, settings: CharmSettings): string {
  if (issue.key === 'gitSshKeyFile' && settings.sshKey) return settings.sshKey.option;
  return OPTION_OF_KEY[issue.key] ?? `${issue.env} in the workload image`;
}

function reportIssues(error: unknown, settings: CharmSettings, problems: ConfigProblems): void {
  if (!(error instanceof ConfigError)) throw error;
  for (const issue of error.issues) {
    problems.invalidValue(describeSource(issue, settings), issue.message);
  }
}

/** The configured host names plus the service's own, unless any host is allowed anyway. */
function allowedHosts(
  configured: string[] | undefined,
  extra: readonly string[],
): string[] | undefined {
  if (configured === undefined || configured.includes('*')) return configured;
  return [...new Set([...configured, ...extra])];
}

/**
 * Renders the workload's environment and files from the shared schema, then runs the
 * environment back through `loadConfig`, so the charm refuses whatever the workload would.
 * Returns undefined after recording every problem.
 */
export function workloadConfig(
  sources: WorkloadSources,
  problems: ConfigProblems,
): WorkloadConfig | undefined {
  const { settings, image } = sources;
  let imageConfig: Config;
  try {
    imageConfig = loadConfig(image.environment);
  } catch (error) {
    reportIssues(error, settings, problems);
    return undefined;
  }
  const filesDir = join(imageConfig.dataDir, FILES_FOLDER);

  const values: WorkloadValues = {
    ...settings.values,
    allowedHosts: allowedHosts(settings.values.allowedHosts, sources.serviceHostNames),
    secretKey: sources.signingKey,
    // Units sharing the repository hand each other batches directly (ADR 0007).
    peerPort: PEER_PORT,
  };
  if (values.trustedProxies === undefined && sources.ingressProxies.length > 0) {
    values.trustedProxies = [...sources.ingressProxies];
  }
  try {
    values.database = parseDatabase(sources.databaseUri);
  } catch (error) {
    if (!(error instanceof OptionValueError)) throw error;
    problems.invalidValue(DATABASE_SOURCE, error.message);
    return undefined;
  }
  const rendered = renderWorkload({
    values,
    files: {
      ...(settings.sshKey ? { gitSshKeyFile: settings.sshKey.content } : {}),
      ...(sources.knownHosts === undefined ? {} : { gitKnownHostsFile: sources.knownHosts }),
    },
    filesDir,
  });
  // The rock may override the process settings; the options are the charm's.
  const environment = { ...PROCESS_ENVIRONMENT, ...image.environment, ...rendered.environment };
  try {
    return { environment, files: rendered.files, filesDir, config: loadConfig(environment) };
  } catch (error) {
    reportIssues(error, settings, problems);
    return undefined;
  }
}
