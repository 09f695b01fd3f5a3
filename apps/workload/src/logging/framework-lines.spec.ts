import type { LoggerService } from '@nestjs/common';
import { withFrameworkLinesAtDebug } from './framework-lines';

describe('withFrameworkLinesAtDebug', () => {
  const calls: [string, unknown[]][] = [];
  const record =
    (level: string) =>
    (...args: unknown[]) =>
      calls.push([level, args]);
  const target: LoggerService = {
    log: record('info'),
    error: record('error'),
    warn: record('warn'),
    debug: record('debug'),
  };
  const logger = withFrameworkLinesAtDebug(target);

  beforeEach(() => (calls.length = 0));

  it("logs Nest's start-up lines at debug", () => {
    logger.log('Mapped {/present, POST} route', 'RouterExplorer');
    logger.log('AppModule dependencies initialized', 'InstanceLoader');
    logger.log('Nest application successfully started', 'NestApplication');
    expect(calls.map(([level]) => level)).toEqual(['debug', 'debug', 'debug']);
    expect(calls[0]?.[1]).toEqual(['Mapped {/present, POST} route', 'RouterExplorer']);
  });

  it("keeps the service's own lines, and every warning and error, as they are", () => {
    logger.log('listening on http://127.0.0.1:8000', 'Server');
    logger.log('no context');
    logger.warn('slow', 'RouterExplorer');
    logger.error('failed', 'stack', 'NestApplication');
    expect(calls).toEqual([
      ['info', ['listening on http://127.0.0.1:8000', 'Server']],
      ['info', ['no context']],
      ['warn', ['slow', 'RouterExplorer']],
      ['error', ['failed', 'stack', 'NestApplication']],
    ]);
  });
});
