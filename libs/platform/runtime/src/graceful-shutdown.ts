import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@axiom/platform-config';

/** Finishes (or hands back) what is in flight before `deadline` (epoch ms); past it, the process stops anyway. */
export type Drain = (deadline: number) => Promise<void>;

/** Time the process keeps after the drains' deadline to close its connections and exit. */
const EXIT_MARGIN_MS = 4000;

/**
 * SIGTERM (or app.close()): before anything closes, every registered drain runs at once with one
 * deadline, SHUTDOWN_GRACE_MS away: listeners stop taking associations and finish those in
 * flight, senders finish or hand back their deliveries, pollers release their leases. The
 * database and the broker stay open until the drains are done. A watchdog ends a process that
 * still has not exited shortly after the deadline.
 */
@Injectable()
export class GracefulShutdown implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Shutdown');
  private readonly drains = new Map<string, Drain>();
  private stopping = false;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** True once shutdown began: take no new work. */
  get draining(): boolean {
    return this.stopping;
  }

  /** Registers a drain under a name (one per name); returns its removal. */
  register(name: string, drain: Drain): () => void {
    this.drains.set(name, drain);
    return () => {
      this.drains.delete(name);
    };
  }

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    const graceMs = this.config.shutdownGraceMs;
    const deadline = Date.now() + graceMs;
    if (signal) {
      setTimeout(() => {
        this.logger.error(`still running ${graceMs + EXIT_MARGIN_MS} ms after ${signal}: exiting`);
        process.exit(1);
      }, graceMs + EXIT_MARGIN_MS).unref();
    }
    if (this.drains.size === 0) return;
    this.logger.log(
      `${signal ?? 'shutdown'}: finishing work in flight (${[...this.drains.keys()].join(', ')}), at most ${graceMs} ms`,
    );
    const started = Date.now();
    await Promise.all(
      [...this.drains].map(async ([name, drain]) => {
        let timer: NodeJS.Timeout | undefined;
        try {
          await Promise.race([
            drain(deadline),
            new Promise<void>((resolve) => {
              timer = setTimeout(resolve, Math.max(0, deadline - Date.now()));
            }),
          ]);
        } catch (err) {
          this.logger.error(`${name}: drain failed: ${(err as Error).message}`);
        } finally {
          clearTimeout(timer);
        }
      }),
    );
    this.logger.log(`work in flight finished in ${Date.now() - started} ms`);
  }
}
