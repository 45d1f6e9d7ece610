import type { MessageName, MessagePayloads } from '@axiom/domain';

/**
 * The transport port. `publish` resolves only when the broker has the message durably (RabbitMQ:
 * persistent message + publisher confirm) and rejects on failure or timeout, never silently.
 */
export abstract class MessagePublisher {
  abstract publish<N extends MessageName>(name: N, payload: MessagePayloads[N]): Promise<void>;
  /** True when the transport can accept messages now (for health). */
  abstract isHealthy(): boolean;
}

export class PublishError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PublishError';
  }
}

/** A message that can never be processed (bad payload): dead-letter it instead of retrying. */
export class PoisonMessageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PoisonMessageError';
  }
}
