import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The process's Prometheus registry and every metric Axiom Flow exports, by name. Code that
 * counts something imports `metrics` and calls e.g. `metrics.deliveries.inc({ destination, outcome })`.
 * Labels stay of low cardinality: source and destination names, outcomes; never a UID.
 */
export const metricsRegistry = new Registry();

const registers = [metricsRegistry];

export const metrics = {
  instancesReceived: new Counter({
    name: 'axiom_instances_received_total',
    help: 'Instances received and acknowledged (spooled, recorded, published), by source',
    labelNames: ['source'] as const,
    registers,
  }),
  instancesRejected: new Counter({
    name: 'axiom_instances_rejected_total',
    help: 'Instances refused at ingest, by source and reason (invalid, mismatch, unavailable)',
    labelNames: ['source', 'reason'] as const,
    registers,
  }),
  instancesRouted: new Counter({
    name: 'axiom_instances_routed_total',
    help: 'Instances through the rules, by result (routed: at least one delivery; unrouted: no rule matched; quarantined)',
    labelNames: ['result'] as const,
    registers,
  }),
  deliveries: new Counter({
    name: 'axiom_deliveries_total',
    help: 'Delivery attempts by storage backend and outcome (delivered, retry, failed)',
    labelNames: ['destination', 'outcome'] as const,
    registers,
  }),
  deliveryLatency: new Histogram({
    name: 'axiom_delivery_latency_seconds',
    help: 'From the instance received to its delivery confirmed, by storage backend',
    labelNames: ['destination'] as const,
    registers,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600],
  }),
  queueDepth: new Gauge({
    name: 'axiom_queue_depth',
    help: 'Messages waiting in each queue (RabbitMQ, or the in-process broker of the embedded mode)',
    labelNames: ['queue'] as const,
    registers,
  }),
  breakerState: new Gauge({
    name: 'axiom_destination_breaker_state',
    help: 'Circuit breaker of each storage backend: 0 closed, 1 half-open, 2 open',
    labelNames: ['destination'] as const,
    registers,
  }),
  spoolBytes: new Gauge({ name: 'axiom_spool_bytes', help: 'Bytes held in the spool (DICOM_STORAGE_PATH)', registers }),
  spoolFreeBytes: new Gauge({
    name: 'axiom_spool_free_bytes',
    help: "Free bytes on the spool's file system, for this process's user",
    registers,
  }),
  associationsActive: new Gauge({
    name: 'axiom_dimse_associations_active',
    help: 'Open connections of each DICOM listener',
    labelNames: ['listener'] as const,
    registers,
  }),
  associations: new Counter({
    name: 'axiom_dimse_associations_total',
    help: 'Associations accepted by each DICOM listener',
    labelNames: ['listener'] as const,
    registers,
  }),
  associationErrors: new Counter({
    name: 'axiom_dimse_association_errors_total',
    help: 'Associations rejected, refused or aborted by each DICOM listener, and failed TLS handshakes',
    labelNames: ['listener'] as const,
    registers,
  }),
} as const;

/** The circuit breaker states, as the values of `axiom_destination_breaker_state`. */
export const BreakerStateValue = { closed: 0, halfOpen: 1, open: 2 } as const;

type Collector = () => void | Promise<void>;
const collectors = new Set<Collector>();
let defaultsOn = false;

/** Node's process metrics (CPU, memory, event loop lag, GC), once per process. */
export function enableProcessMetrics(): void {
  if (defaultsOn) return;
  defaultsOn = true;
  collectDefaultMetrics({ register: metricsRegistry });
}

/**
 * Registers work that refreshes gauges just before each scrape (queue depths, spool size, open
 * associations). Returns the function that removes it again (call it on shutdown).
 */
export function onScrape(collector: Collector): () => void {
  collectors.add(collector);
  return () => {
    collectors.delete(collector);
  };
}

/** COLLECT_TIMEOUT_MS bounds a slow collector (a broker that does not answer): the scrape answers anyway. */
const COLLECT_TIMEOUT_MS = 2000;

/** The text exposition of every metric, after the collectors ran (each bounded in time). */
export async function renderMetrics(): Promise<string> {
  await Promise.all(
    [...collectors].map(
      (collect) =>
        new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, COLLECT_TIMEOUT_MS);
          timer.unref();
          Promise.resolve()
            .then(collect)
            .catch(() => undefined)
            .finally(() => {
              clearTimeout(timer);
              resolve();
            });
        }),
    ),
  );
  return metricsRegistry.metrics();
}

export const METRICS_CONTENT_TYPE = metricsRegistry.contentType;
