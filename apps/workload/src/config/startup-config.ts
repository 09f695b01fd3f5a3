import { type Environment, loadConfig } from '@hlp/config';
import type { AppConfig } from './app-config';
import { loadOrCreateSecretKey } from './secret-key';

/** The one place the environment is read: parsed by the shared schema, completed with a key. */
export async function startupConfig(env: Environment): Promise<AppConfig> {
  const config = loadConfig(env);
  const secretKey = config.secretKey ?? (await loadOrCreateSecretKey(config.dataDir));
  return { ...config, secretKey };
}
