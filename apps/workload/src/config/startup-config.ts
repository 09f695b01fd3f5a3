import { type Environment, loadConfig } from '@hlp/config';
import type { AppConfig } from './app-config';
import { loadOrCreateSecretKey } from './secret-key';

/** Variables git and ssh may need from the service's environment; nothing else is passed on. */
const INHERITED = [
  'PATH',
  'HOME',
  'LANG',
  'TZ',
  'TMPDIR',
  'GIT_SSL_CAINFO',
  'GIT_SSL_CAPATH',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
  'http_proxy',
  'https_proxy',
  'no_proxy',
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'NO_PROXY',
];

/** The one place the environment is read: parsed by the shared schema, completed with a key. */
export async function startupConfig(env: Environment): Promise<AppConfig> {
  const config = loadConfig(env);
  const secretKey = config.secretKey ?? (await loadOrCreateSecretKey(config.dataDir));
  const childEnvironment = Object.fromEntries(
    INHERITED.flatMap((name) => (env[name] === undefined ? [] : [[name, env[name] as string]])),
  );
  return { ...config, secretKey, childEnvironment };
}
