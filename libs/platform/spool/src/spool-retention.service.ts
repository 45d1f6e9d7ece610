import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@axiom/platform-config';
import { enforceQuarantineRetention, removeStaleTemps } from './spool-retention';
import { SpoolService } from './spool.service';

/**
 * Keeps the spool and the error path from growing forever: temp files of interrupted uploads
 * (older than SPOOL_PART_MAX_AGE_MINUTES, so no upload in progress is touched) and rejected
 * uploads past QUARANTINE_MAX_AGE_DAYS or QUARANTINE_MAX_BYTES. At start, then every
 * RETENTION_INTERVAL_MS; safe to run from several processes sharing the spool.
 */
@Injectable()
export class SpoolRetentionService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('SpoolRetention');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly spool: SpoolService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule();
    this.timer = setInterval(() => this.schedule(), this.config.retention.intervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  private schedule(): void {
    this.running = this.running
      .then(() => this.runOnce())
      .catch((err: unknown) => this.logger.warn(`retention failed: ${(err as Error).message}`));
  }

  async runOnce(): Promise<void> {
    const { retention } = this.config;
    const partMaxAgeMs = retention.incomingPartMaxAgeMinutes * 60_000;
    const temps =
      (await removeStaleTemps(this.spool.incomingDir, partMaxAgeMs)) +
      (await removeStaleTemps(this.spool.outputsDir, partMaxAgeMs));
    const rejected = await enforceQuarantineRetention(this.spool.rejectedDir, {
      maxAgeMs: retention.quarantineMaxAgeDays * 86_400_000,
      maxBytes: retention.quarantineMaxBytes,
    });
    if (temps > 0) this.logger.log(`removed ${temps} temp files of interrupted uploads`);
    if (rejected.removed > 0)
      this.logger.log(`removed ${rejected.removed} rejected uploads past retention (${rejected.keptBytes} bytes kept)`);
  }
}
