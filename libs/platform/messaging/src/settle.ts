import { Logger } from '@nestjs/common';
import { RmqContext } from '@nestjs/microservices';
import { InProcessContext } from './in-process.transport';
import { PoisonMessageError } from './message-publisher';

const logger = new Logger('MessageConsumer');
const RETRY_DELAY_MS = 1000;

/**
 * Runs a consumer's work and settles the message only afterwards: ack once the effects are
 * committed; a poison message goes to the dead-letter queue; any other failure is requeued after
 * a pause (the work is idempotent, so a redelivery is harmless).
 */
export async function settle(ctx: unknown, work: () => Promise<void>): Promise<void> {
  try {
    await work();
    ack(ctx);
  } catch (err) {
    const poison = err instanceof PoisonMessageError;
    logger.error(`${poison ? 'dead-lettering' : 'will retry'}: ${(err as Error).message}`);
    if (poison) reject(ctx);
    // the in-process broker delays its own retries; it must hear the outcome before the handler returns
    else if (ctx instanceof InProcessContext) ctx.settle('retry');
    else setTimeout(() => requeue(ctx), RETRY_DELAY_MS).unref();
  }
}

function ack(ctx: unknown): void {
  if (ctx instanceof RmqContext) (ctx.getChannelRef() as { ack(m: unknown): void }).ack(ctx.getMessage());
  else if (ctx instanceof InProcessContext) ctx.settle('ack');
}

function reject(ctx: unknown): void {
  if (ctx instanceof RmqContext)
    (ctx.getChannelRef() as { nack(m: unknown, all: boolean, requeue: boolean): void }).nack(
      ctx.getMessage(),
      false,
      false,
    );
  else if (ctx instanceof InProcessContext) ctx.settle('dead');
}

function requeue(ctx: unknown): void {
  try {
    if (ctx instanceof RmqContext)
      (ctx.getChannelRef() as { nack(m: unknown, all: boolean, requeue: boolean): void }).nack(
        ctx.getMessage(),
        false,
        true,
      );
  } catch (err) {
    // the channel is gone: the broker redelivers the unacked message to another consumer
    logger.warn(`requeue failed (${(err as Error).message}); the broker will redeliver`);
  }
}
