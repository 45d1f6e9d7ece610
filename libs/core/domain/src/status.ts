/** One running DIMSE listener as its process sees it (reported by listeners, shown by the API). */
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
