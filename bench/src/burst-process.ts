import { fork } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { type Burst, type BurstOptions, fireBurst } from './burst';

type Message =
  | { readonly type: 'ended'; readonly count: number }
  | { readonly type: 'done'; readonly timeOrigin: number; readonly burst: Burst };

/**
 * Fires the burst from a process of its own, as an attacker's machine would: its thousand sockets
 * and their garbage never share an event loop with the legitimate client being measured. Times come
 * back on this process's clock.
 */
export function fireBurstElsewhere(options: BurstOptions): Promise<Burst> {
  const { onEnd, ...plain } = options;
  const child = fork(__filename, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let reported = 0;
  return new Promise((resolve, reject) => {
    child.on('message', (message: Message) => {
      if (message.type === 'ended') {
        for (; reported < message.count; reported += 1) onEnd?.();
        return;
      }
      const shift = message.timeOrigin - performance.timeOrigin;
      const { exchanges, firstSentAt, endedAt } = message.burst;
      resolve({
        exchanges: exchanges.map((e) => ({
          ...e,
          sentAt: e.sentAt + shift,
          endedAt: e.endedAt + shift,
        })),
        firstSentAt: firstSentAt + shift,
        endedAt: endedAt + shift,
      });
    });
    child.on('exit', (code) =>
      reject(new Error(`the burst process exited (${code}) without a result`)),
    );
    child.send(plain);
  });
}

if (require.main === module) {
  process.once('message', (options: BurstOptions) => {
    let ended = 0;
    const ticker = setInterval(() => process.send?.({ type: 'ended', count: ended }), 500);
    void fireBurst({ ...options, onEnd: () => (ended += 1) }).then((burst) => {
      clearInterval(ticker);
      process.send?.({ type: 'ended', count: ended });
      process.send?.({ type: 'done', timeOrigin: performance.timeOrigin, burst }, () =>
        process.disconnect(),
      );
    });
  });
}
