import { Logger } from '@nestjs/common';
import { ClientProxy, ClientProxyFactory, RmqOptions, Transport } from '@nestjs/microservices';
import * as amqp from 'amqplib';
import { firstValueFrom } from 'rxjs';
import { MessageName, MessagePayloads, Messages, QUEUE_OF } from '@axiom/domain';
import { MessagePublisher, PublishError } from './message-publisher';

export const DEAD_LETTER_EXCHANGE = 'axiom.dlx';
export const DEAD_LETTER_QUEUE = 'axiom.dead-letter';

/** Queue arguments shared by producers and consumers (they must assert identical ones). */
function queueOptions(queue: string) {
  return {
    durable: true,
    arguments: { 'x-dead-letter-exchange': DEAD_LETTER_EXCHANGE, 'x-dead-letter-routing-key': queue },
  };
}

/** Consumer options: manual ack after the effects are committed, explicit prefetch. */
export function rmqServerOptions(url: string, queue: string, prefetchCount: number): RmqOptions {
  return {
    transport: Transport.RMQ,
    options: { urls: [url], queue, queueOptions: queueOptions(queue), noAck: false, prefetchCount, persistent: true },
  };
}

/** Producer options: persistent messages; never noAck here (it crashes the producer). */
export function rmqClientOptions(url: string, queue: string): RmqOptions {
  return {
    transport: Transport.RMQ,
    options: { urls: [url], queue, queueOptions: queueOptions(queue), persistent: true },
  };
}

/** Declares the dead-letter exchange and queue that every work queue dead-letters into. */
export async function ensureDeadLetterTopology(url: string): Promise<void> {
  const conn = await amqp.connect(url);
  try {
    const ch = await conn.createChannel();
    await ch.assertExchange(DEAD_LETTER_EXCHANGE, 'direct', { durable: true });
    await ch.assertQueue(DEAD_LETTER_QUEUE, { durable: true });
    for (const queue of Object.values(QUEUE_OF)) await ch.bindQueue(DEAD_LETTER_QUEUE, DEAD_LETTER_EXCHANGE, queue);
    await ch.close();
  } finally {
    await conn.close();
  }
}

/** Message counts of our queues (for status pages). */
export async function queueDepths(url: string): Promise<Record<string, number>> {
  const conn = await amqp.connect(url);
  try {
    const ch = await conn.createChannel();
    const out: Record<string, number> = {};
    for (const queue of [...Object.values(QUEUE_OF), DEAD_LETTER_QUEUE]) {
      try {
        out[queue] = (await ch.checkQueue(queue)).messageCount;
      } catch {
        out[queue] = 0;
        break; // a failed check closes the channel
      }
    }
    await ch.close().catch(() => undefined);
    return out;
  } finally {
    await conn.close();
  }
}

/** How many consumers (router-worker processes) the routing queue has right now. */
export async function routingConsumers(url: string): Promise<number> {
  const conn = await amqp.connect(url);
  try {
    const ch = await conn.createChannel();
    const { consumerCount } = await ch.checkQueue(QUEUE_OF[Messages.InstanceReceived]);
    await ch.close().catch(() => undefined);
    return consumerCount;
  } finally {
    await conn.close();
  }
}

/**
 * Publishes through Nest's RMQ client, one client per queue. Nest's ClientRMQ sends on an
 * amqp-connection-manager channel in confirm mode and resolves emit() on the broker's confirm;
 * a timeout turns a broker outage into an error instead of an unbounded wait.
 */
export class RmqPublisher extends MessagePublisher {
  private readonly logger = new Logger('RmqPublisher');
  private readonly clients = new Map<string, ClientProxy>();
  private healthy = false;

  constructor(
    private readonly url: string,
    private readonly timeoutMs: number,
  ) {
    super();
  }

  async connect(): Promise<void> {
    for (const queue of new Set(Object.values(QUEUE_OF))) {
      if (this.clients.has(queue)) continue;
      const client = ClientProxyFactory.create(rmqClientOptions(this.url, queue));
      try {
        await client.connect();
      } catch (err) {
        // a client that never connected would go on reconnecting in the background: close it, the caller tries again
        await client.close().catch(() => undefined);
        throw err;
      }
      this.clients.set(queue, client);
    }
    this.healthy = true;
  }

  async publish<N extends MessageName>(name: N, payload: MessagePayloads[N]): Promise<void> {
    const client = this.clients.get(QUEUE_OF[name]);
    if (!client) throw new PublishError(`not connected to RabbitMQ (queue ${QUEUE_OF[name]})`);
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        firstValueFrom(client.emit(name, payload), { defaultValue: undefined }),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new PublishError(`RabbitMQ did not confirm ${name} within ${this.timeoutMs} ms`)),
            this.timeoutMs,
          );
        }),
      ]);
      this.healthy = true;
    } catch (err) {
      this.healthy = false;
      this.logger.error(`publish ${name} failed: ${(err as Error).message}`);
      throw err instanceof PublishError ? err : new PublishError(`publish ${name} failed: ${(err as Error).message}`);
    } finally {
      clearTimeout(timer);
    }
  }

  isHealthy(): boolean {
    return this.healthy;
  }

  async close(): Promise<void> {
    for (const client of this.clients.values()) await client.close();
    this.clients.clear();
  }
}
