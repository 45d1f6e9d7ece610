/**
 * Rejections amqplib leaves unhandled when the broker goes away in the middle of a channel call
 * (Nest's RMQ server does not await its consume(), for one). The connection manager reconnects
 * and sets the channels up again, so these are no reason for the process to die; anything else is.
 */
const BROKER_GONE = [
  /^Channel ended, no reply will be forthcoming$/,
  /^Channel closed$/,
  /^Connection closed/,
  /^Channel closing$/,
];

export function isBrokerGone(reason: unknown): boolean {
  const message = reason instanceof Error ? reason.message : '';
  const stack = reason instanceof Error ? (reason.stack ?? '') : '';
  return stack.includes('amqplib') && BROKER_GONE.some((re) => re.test(message));
}

/** Keeps the process up through a broker restart; other unhandled rejections still end it (Node's default). */
export function surviveBrokerRestarts(write: (line: string) => void = (line) => process.stderr.write(line)): void {
  process.on('unhandledRejection', (reason) => {
    if (isBrokerGone(reason)) {
      write(`broker connection lost mid-call (${(reason as Error).message}); reconnecting\n`);
      return;
    }
    write(`unhandled rejection: ${(reason as Error)?.stack ?? String(reason)}\n`);
    process.exit(1);
  });
}
