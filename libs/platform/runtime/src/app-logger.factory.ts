import { AppLogger } from '@axiom/observability';
import { AppConfig } from '@axiom/platform-config';

/** The logger of an app process: LOG_LEVEL and LOG_FORMAT of its configuration, its name on every line. */
export function createAppLogger(app: string, config: Pick<AppConfig, 'logLevel' | 'logFormat'>): AppLogger {
  return new AppLogger({ app, level: config.logLevel, format: config.logFormat });
}
