export { OPTIONS, type Config, type LogLevel, type OptionKey } from './options';
export { OptionValueError, type Option } from './option';
export { ConfigError, loadConfig, type ConfigIssue, type Environment } from './load';
export { renderWorkload, type Workload, type WorkloadFile, type WorkloadInput } from './render';
export { configurationTable } from './docs';
export {
  parseGitRepository,
  isValidBranchName,
  type GitRepository,
  type GitTransport,
} from './git-repository';
export { parseDatabase, type Database } from './database';
export { formatNetwork, InvalidNetworkError, type Network, parseNetwork } from './network';
export { PROCESS_ENVIRONMENT } from './process-environment';
