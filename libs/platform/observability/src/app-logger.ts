import type { LoggerService, LogLevel } from '@nestjs/common';
import pino, { DestinationStream, Level, Logger as PinoLogger } from 'pino';
import { currentCorrelationId } from './log-context';
import { prettyLine } from './pretty-format';
import { REDACTED, REDACT_PATHS, scrubText } from './redact';
import { isLogRecord } from './structured-logger';

/** LOG_LEVEL values (Nest's names): each includes those before it. */
export type AppLogLevel = 'error' | 'warn' | 'log' | 'debug';
/** LOG_FORMAT: one JSON object per line (for collectors), or one readable line. */
export type LogFormat = 'json' | 'pretty';

export interface AppLoggerOptions {
  /** The process's name, on every line (`app`). */
  app: string;
  level: AppLogLevel;
  format: LogFormat;
  /** Where lines go; default standard output. */
  destination?: DestinationStream;
}

const PINO_LEVEL: Record<AppLogLevel, Level> = { error: 'error', warn: 'warn', log: 'info', debug: 'debug' };
const NEST_TO_PINO: Record<LogLevel, Level> = {
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};

/**
 * Nest's logger, backed by pino: every `new Logger(context).log(...)` in the code base becomes a
 * structured line with `app`, `context`, the correlation id of the request or association in
 * progress, and the fields of a StructuredLogger record. Credentials are redacted.
 */
export class AppLogger implements LoggerService {
  readonly pino: PinoLogger;

  constructor(options: AppLoggerOptions) {
    const destination = options.destination ?? pino.destination({ dest: 1, sync: true });
    const stream: DestinationStream =
      options.format === 'pretty'
        ? {
            write: (line: string) => {
              destination.write(prettyLine(line));
            },
          }
        : destination;
    this.pino = pino(
      {
        level: PINO_LEVEL[options.level],
        base: { app: options.app, pid: process.pid },
        timestamp: pino.stdTimeFunctions.isoTime,
        formatters: { level: (label) => ({ level: label }) },
        redact: { paths: REDACT_PATHS, censor: REDACTED },
        mixin: () => {
          const correlationId = currentCorrelationId();
          return correlationId ? { correlation_id: correlationId } : {};
        },
      },
      stream,
    );
  }

  log(message: unknown, ...params: unknown[]): void {
    this.write('log', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('verbose', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  setLogLevels(levels: LogLevel[]): void {
    const order: LogLevel[] = ['verbose', 'debug', 'log', 'warn', 'error', 'fatal'];
    const lowest = order.find((l) => levels.includes(l));
    if (lowest) this.pino.level = NEST_TO_PINO[lowest];
  }

  /**
   * Nest passes (message, ...params, context): the last string is the context; for error(), a
   * string before it is the stack. A StructuredLogger record brings its own fields.
   */
  private write(level: LogLevel, message: unknown, params: unknown[]): void {
    const pinoLevel = NEST_TO_PINO[level];
    if (!this.pino.isLevelEnabled(pinoLevel)) return;
    const rest = [...params];
    const context = rest.length > 0 && typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    const entry: Record<string, unknown> = context ? { context } : {};
    let text: string;
    if (isLogRecord(message)) {
      Object.assign(entry, message.fields);
      text = message.msg;
      if (message.err) entry['error'] = errorFields(message.err);
    } else if (message instanceof Error) {
      entry['error'] = errorFields(message);
      text = message.message;
    } else {
      text = typeof message === 'string' ? message : safeJson(message);
    }
    const stack = rest.find((p): p is string => typeof p === 'string');
    if (stack && level === 'error' && !entry['error']) entry['error'] = { stack: scrubText(stack) };
    this.pino[pinoLevel](entry, scrubText(text));
  }
}

function errorFields(err: Error): Record<string, string> {
  return { type: err.name, message: scrubText(err.message), ...(err.stack ? { stack: scrubText(err.stack) } : {}) };
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
