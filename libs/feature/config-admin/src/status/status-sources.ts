/** One running DIMSE listener as its process sees it (bound by the apps that run listeners). */
export interface ListenerRuntimeStatus {
  id: number;
  name: string;
  aeTitle: string;
  port: number;
  instanceId: string;
  state: 'listening' | 'error' | 'stopped';
  associations: number;
  stored: number;
  failed: number;
  lastError: string | null;
  lastErrorAt: string | null;
}

export interface ListenerStatusSource {
  statuses(): ListenerRuntimeStatus[];
}

export interface QueueStatusSource {
  depths(): Promise<Record<string, number>>;
}

/** Optional providers the apps bind: listener states (in-process) and broker queue depths. */
export const LISTENER_STATUS_SOURCE = Symbol('LISTENER_STATUS_SOURCE');
export const QUEUE_STATUS_SOURCE = Symbol('QUEUE_STATUS_SOURCE');
