import { Logger } from '@nestjs/common';
import { BaseRpcContext, CustomTransportStrategy, ReadPacket, Server } from '@nestjs/microservices';
import type { MessageName, MessagePayloads } from '@axiom/domain';
import { MessagePublisher, PoisonMessageError } from './message-publisher';

type Handler = (payload: unknown, ctx: InProcessContext) => Promise<unknown>;

/** Context handed to handlers by the in-process transport; settle() reports the outcome. */
export class InProcessContext extends BaseRpcContext<[string, number]> {
  constructor(
    pattern: string,
    readonly attempt: number,
    private readonly onSettle: (outcome: 'ack' | 'retry' | 'dead') => void,
  ) {
    super([pattern, attempt]);
  }

  settle(outcome: 'ack' | 'retry' | 'dead'): void {
    this.onSettle(outcome);
  }
}

interface Envelope {
  pattern: string;
  payload: unknown;
  attempt: number;
}

/**
 * The embedded mode's broker: per-pattern queues in memory with bounded concurrency, retries
 * with a delay, and a dead-letter list. It keeps nothing across restarts: the routing sweep
 * republishes from the ledger what was unfinished, so the ledger, not the queue, is the truth.
 */
export class InProcessBroker {
  private readonly logger = new Logger('InProcessBroker');
  private readonly handlers = new Map<string, Handler>();
  private readonly queues = new Map<string, Envelope[]>();
  private readonly running = new Map<string, number>();
  readonly deadLetters: Envelope[] = [];
  private closed = false;

  constructor(
    private readonly concurrency: number,
    private readonly retryDelayMs = 1000,
  ) {}

  register(pattern: string, handler: Handler): void {
    this.handlers.set(pattern, handler);
    this.pump(pattern);
  }

  enqueue(pattern: string, payload: unknown, attempt = 1): void {
    if (this.closed) throw new Error('in-process broker is closed');
    const queue = this.queues.get(pattern) ?? [];
    // payloads are flat records of ids and paths: a shallow copy keeps the caller's later changes out, without a deep copy
    queue.push({
      pattern,
      payload: typeof payload === 'object' && payload !== null ? { ...payload } : payload,
      attempt,
    });
    this.queues.set(pattern, queue);
    this.pump(pattern);
  }

  depth(pattern: string): number {
    return (this.queues.get(pattern)?.length ?? 0) + (this.running.get(pattern) ?? 0);
  }

  close(): void {
    this.closed = true;
  }

  private pump(pattern: string): void {
    const handler = this.handlers.get(pattern);
    const queue = this.queues.get(pattern);
    if (!handler || !queue) return;
    while (!this.closed && queue.length > 0 && (this.running.get(pattern) ?? 0) < this.concurrency) {
      const env = queue.shift() as Envelope;
      this.running.set(pattern, (this.running.get(pattern) ?? 0) + 1);
      let settled = false;
      const finish = (outcome: 'ack' | 'retry' | 'dead') => {
        if (settled) return;
        settled = true;
        this.running.set(pattern, (this.running.get(pattern) ?? 1) - 1);
        if (outcome === 'retry' && !this.closed) {
          setTimeout(
            () => !this.closed && this.enqueue(pattern, env.payload, env.attempt + 1),
            this.retryDelayMs,
          ).unref();
        } else if (outcome === 'dead') {
          this.deadLetters.push(env);
        }
        setImmediate(() => this.pump(pattern));
      };
      const ctx = new InProcessContext(pattern, env.attempt, finish);
      handler(env.payload, ctx).then(
        () => finish('ack'),
        (err: unknown) => {
          this.logger.error(`handler for ${pattern} failed: ${(err as Error).message}`);
          finish(err instanceof PoisonMessageError ? 'dead' : 'retry');
        },
      );
    }
  }
}

/** Nest server side of the in-process transport: binds @EventPattern handlers to the broker. */
export class InProcessServer extends Server implements CustomTransportStrategy {
  constructor(private readonly broker: InProcessBroker) {
    super();
  }

  listen(callback: () => void): void {
    for (const [pattern, handler] of this.messageHandlers) {
      this.broker.register(pattern, async (payload, ctx) => {
        const packet: ReadPacket = { pattern, data: payload };
        await this.transformToObservable(await handler(packet.data, ctx)).toPromise();
      });
    }
    callback();
  }

  close(): void {
    this.broker.close();
  }

  on(): never {
    throw new Error('events are not supported by the in-process transport');
  }

  unwrap<T>(): T {
    return this.broker as T;
  }
}

export class InProcessPublisher extends MessagePublisher {
  constructor(private readonly broker: InProcessBroker) {
    super();
  }

  async publish<N extends MessageName>(name: N, payload: MessagePayloads[N]): Promise<void> {
    this.broker.enqueue(name, payload);
  }

  isHealthy(): boolean {
    return true;
  }
}
