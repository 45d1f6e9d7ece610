import { Logger } from '@nestjs/common';

const FIRST_WAIT_MS = 500;
const LONGEST_WAIT_MS = 5000;

/**
 * Runs `connect` until it succeeds: a service this process needs (the broker) may be restarting
 * just when the process starts. Waits grow from half a second to five; each failure is logged.
 */
export async function untilReachable(
  what: string,
  connect: () => Promise<void>,
  sleep = (ms: number) => new Promise((r) => setTimeout(r, ms)),
): Promise<void> {
  const logger = new Logger('Runtime');
  for (let attempt = 1; ; attempt++) {
    try {
      await connect();
      return;
    } catch (err) {
      const wait = Math.min(LONGEST_WAIT_MS, FIRST_WAIT_MS * 2 ** (attempt - 1));
      logger.warn(`${what} not reachable (${(err as Error).message || String(err)}); trying again in ${wait} ms`);
      await sleep(wait);
    }
  }
}
