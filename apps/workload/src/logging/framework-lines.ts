import type { LoggerService } from '@nestjs/common';

/** Where Nest logs its own start-up: a line per module loaded and per route mapped, ~90 in all. */
const FRAMEWORK_CONTEXTS = new Set([
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestFactory',
  'NestApplication',
]);

const isFramework = (optionalParams: unknown[]): boolean => {
  const context = optionalParams.at(-1);
  return typeof context === 'string' && FRAMEWORK_CONTEXTS.has(context);
};

/**
 * The service's logger, with Nest's own start-up lines at debug: at info they bury what start-up
 * has to say (the address it listens on, `quickstart`'s admin password).
 */
export function withFrameworkLinesAtDebug(logger: LoggerService): LoggerService {
  return {
    log: (message: unknown, ...optionalParams: unknown[]) =>
      isFramework(optionalParams)
        ? logger.debug?.(message, ...optionalParams)
        : logger.log(message, ...optionalParams),
    error: (message: unknown, ...optionalParams: unknown[]) =>
      logger.error(message, ...optionalParams),
    warn: (message: unknown, ...optionalParams: unknown[]) =>
      logger.warn(message, ...optionalParams),
    debug: (message: unknown, ...optionalParams: unknown[]) =>
      logger.debug?.(message, ...optionalParams),
    verbose: (message: unknown, ...optionalParams: unknown[]) =>
      logger.verbose?.(message, ...optionalParams),
    fatal: (message: unknown, ...optionalParams: unknown[]) =>
      logger.fatal?.(message, ...optionalParams),
  };
}
