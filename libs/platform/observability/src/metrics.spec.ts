import { metrics, onScrape, renderMetrics } from './metrics';

describe('metrics', () => {
  it('renders the named metrics with their labels, after the scrape collectors ran', async () => {
    metrics.deliveries.inc({ destination: 'pacs', outcome: 'delivered' });
    metrics.deliveryLatency.observe({ destination: 'pacs' }, 0.3);
    const stop = onScrape(() => {
      metrics.associationsActive.set({ listener: 'main' }, 3);
    });
    const text = await renderMetrics();
    stop();
    expect(text).toContain('axiom_deliveries_total{destination="pacs",outcome="delivered"} 1');
    expect(text).toContain('axiom_delivery_latency_seconds_bucket{le="0.5",destination="pacs"} 1');
    expect(text).toContain('axiom_dimse_associations_active{listener="main"} 3');
    expect(text).toContain('# TYPE axiom_destination_breaker_state gauge');
  });

  it('answers even when a collector hangs or throws', async () => {
    const hang = onScrape(() => new Promise<void>(() => undefined));
    const boom = onScrape(() => {
      throw new Error('broker down');
    });
    const started = Date.now();
    const text = await renderMetrics();
    hang();
    boom();
    expect(Date.now() - started).toBeLessThan(4000);
    expect(text).toContain('axiom_instances_received_total');
  });
});
