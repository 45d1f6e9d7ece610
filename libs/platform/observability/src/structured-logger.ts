import { inspect } from 'node:util';
import { Logger } from '@nestjs/common';

/**
 * Fields a log line may carry, under these names everywhere, so that one query finds every line
 * about an instance, a delivery or a peer. Add others freely; never a credential.
 */
export interface LogFields {
  instance_id?: number;
  delivery_id?: number;
  sop_instance_uid?: string;
  /** Where an instance came from: a listener's, a source's name, or `stow_rs` / `api_json`. */
  source?: string;
  /** A storage backend's name. */
  destination?: string;
  calling_ae?: string;
  called_ae?: string;
  peer?: string;
  [field: string]: string | number | boolean | null | undefined;
}

/** What a StructuredLogger hands to Nest's logger: AppLogger spreads `fields` into the JSON line. */
export class LogRecord {
  readonly kind = 'axiom-log-record';

  constructor(
    readonly msg: string,
    readonly fields: LogFields,
    readonly err?: Error,
  ) {}

  /** Nest's default console logger (tests, tools) prints a record as `msg key=value ...`. */
  toString(): string {
    const shown = Object.entries(this.fields)
      .filter(([, v]) => v !== undefined && v !== null)
      .map(([k, v]) => `${k}=${String(v)}`);
    return [this.msg, ...shown, ...(this.err ? [`error=${this.err.message}`] : [])].join(' ');
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

export function isLogRecord(value: unknown): value is LogRecord {
  return value instanceof LogRecord;
}

function record(msg: string, fields: LogFields, err?: unknown): LogRecord {
  return new LogRecord(
    msg,
    fields,
    err instanceof Error ? err : err === undefined ? undefined : new Error(String(err)),
  );
}

/**
 * A Nest logger whose lines carry fields: `log.warn('delivery failed', { delivery_id, destination })`.
 * It writes through Nest's Logger, so whatever logger the app installed (AppLogger) receives it.
 */
export class StructuredLogger {
  private readonly nest: Logger;

  constructor(readonly context: string) {
    this.nest = new Logger(context);
  }

  info(msg: string, fields: LogFields = {}): void {
    this.nest.log(record(msg, fields));
  }

  warn(msg: string, fields: LogFields = {}, err?: unknown): void {
    this.nest.warn(record(msg, fields, err));
  }

  error(msg: string, fields: LogFields = {}, err?: unknown): void {
    this.nest.error(record(msg, fields, err));
  }

  debug(msg: string, fields: LogFields = {}): void {
    this.nest.debug(record(msg, fields));
  }
}
