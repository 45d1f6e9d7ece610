import { Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import { MessagePublisher } from '@axiom/messaging';
import { DatabaseProbe } from '@axiom/persistence';

/** One dependency's state; `detail` says what is wrong, never how it is configured. */
export interface ComponentHealth {
  status: 'ok' | 'error';
  detail: string | null;
}

/** The answer of every health route (a worker's /health, the api's /api/v1/system/health, the dashboard's head). */
export interface HealthReport {
  /** `ok` when the database and the broker both are; `degraded` otherwise. */
  status: 'ok' | 'degraded';
  database: ComponentHealth;
  broker: ComponentHealth;
}

const OK: ComponentHealth = { status: 'ok', detail: null };

/** Liveness and readiness of a process: its database answers, its transport takes messages. */
@Injectable()
export class HealthService {
  constructor(
    private readonly database: DatabaseProbe,
    @Inject(MessagePublisher) private readonly publisher: MessagePublisher,
  ) {}

  /** The report, whatever it says. */
  async check(): Promise<HealthReport> {
    const database = await this.database.ping().then(
      () => OK,
      (): ComponentHealth => ({ status: 'error', detail: 'database unreachable' }),
    );
    const broker: ComponentHealth = this.publisher.isHealthy()
      ? OK
      : { status: 'error', detail: 'broker not connected' };
    return { status: database.status === 'ok' && broker.status === 'ok' ? 'ok' : 'degraded', database, broker };
  }

  /** The report when all is well; a 503 carrying it otherwise (what an orchestrator's probe wants). */
  async ready(): Promise<HealthReport> {
    const report = await this.check();
    if (report.status !== 'ok') throw new ServiceUnavailableException(report);
    return report;
  }
}
