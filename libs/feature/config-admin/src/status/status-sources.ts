import type { ListenerRuntimeStatus } from '@axiom/domain';

export type { ListenerRuntimeStatus };

/** The states of the DIMSE listeners running in this process. */
export interface ListenerStatusSource {
  statuses(): ListenerRuntimeStatus[];
}

/** What the broker says about the queues. */
export interface QueueStatusSource {
  depths(): Promise<Record<string, number>>;
  /** Consumers of the routing queue: the router-worker processes connected right now. */
  routingConsumers(): Promise<number>;
}

/** Optional providers the apps bind: listener states (in-process) and broker queue depths. */
export const LISTENER_STATUS_SOURCE = Symbol('LISTENER_STATUS_SOURCE');
export const QUEUE_STATUS_SOURCE = Symbol('QUEUE_STATUS_SOURCE');
