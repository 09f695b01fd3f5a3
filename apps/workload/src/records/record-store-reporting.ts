import type { PinoLogger } from 'nestjs-pino';
import type { Metrics } from '../metrics/metrics';
import type { RecordStoreObserver } from './record-store-observer';

/** The record store's events as metrics and log lines (what it does while a batch is in flight aside). */
export function recordStoreReporting(
  metrics: Metrics,
  logger: PinoLogger,
): Omit<RecordStoreObserver, 'batchInFlight'> {
  return {
    queueChanged: (depth) => metrics.queueDepth.set(depth),
    changeWaited: (seconds) => metrics.queueWait.observe(seconds),
    pushDone: (seconds, outcome) => {
      metrics.pushDuration.observe(seconds);
      if (outcome === 'pushed') metrics.lastPush.setToCurrentTime();
      if (outcome === 'stale' || outcome === 'refused')
        metrics.pushRejections.inc({ reason: outcome });
    },
    batchDone: (report) => {
      metrics.batchSize.observe(report.size);
      metrics.batches.inc({ result: report.result });
      if (report.attempts > 1) metrics.pushRetries.inc(report.attempts - 1);
      if (report.foundAfterPushFailure) metrics.lastPush.setToCurrentTime();
      const batch = {
        size: report.size,
        attempts: report.attempts,
        result: report.result,
        commit: report.commit,
      };
      if (report.result === 'failed')
        logger.error({ batch, err: report.error }, 'record batch failed');
      else if (report.foundAfterPushFailure)
        logger.warn({ batch }, 'record batch landed, although its push gave no verdict');
      else logger.debug({ batch }, 'record batch done');
    },
    cloneRebuilt: (during, damage) => {
      metrics.cloneRebuilds.inc({ during });
      logger.warn({ during, err: damage }, 'the working clone is damaged: cloning it again');
    },
  };
}
