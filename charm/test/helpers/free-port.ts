import { createServer } from 'node:net';

/** Ports given out in this process: the kernel may offer a released port again at once. */
const givenOut = new Set<number>();

function unusedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** A TCP port nothing listens on right now, and that this process has not handed out before. */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await unusedPort();
    if (!givenOut.has(port)) {
      givenOut.add(port);
      return port;
    }
  }
}
