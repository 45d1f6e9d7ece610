import { Logger } from '@nestjs/common';
import { AppLogger, AppLoggerOptions } from './app-logger';
import { runWithCorrelation } from './log-context';
import { scrubText } from './redact';
import { StructuredLogger } from './structured-logger';

function capture(options: Partial<AppLoggerOptions> = {}): { logger: AppLogger; lines: string[] } {
  const lines: string[] = [];
  const logger = new AppLogger({
    app: 'test',
    level: 'log',
    format: 'json',
    destination: {
      write: (l: string) => {
        lines.push(l);
      },
    },
    ...options,
  });
  return { logger, lines };
}

describe('AppLogger', () => {
  afterEach(() => Logger.overrideLogger(['error', 'warn', 'log']));

  it('writes one JSON object per line with app, context, level and the structured fields', async () => {
    const { logger, lines } = capture();
    Logger.overrideLogger(logger);
    await runWithCorrelation('assoc-1234', async () => {
      await Promise.resolve();
      new StructuredLogger('Ingest').warn('rejected', { source: 'main', sop_instance_uid: '1.2.3', instance_id: 7 });
    });
    const entry = JSON.parse(lines[0] as string);
    expect(entry).toMatchObject({
      app: 'test',
      context: 'Ingest',
      level: 'warn',
      msg: 'rejected',
      source: 'main',
      sop_instance_uid: '1.2.3',
      instance_id: 7,
      correlation_id: 'assoc-1234',
    });
    expect(typeof entry.time).toBe('string');
  });

  it('honours the level: debug lines are dropped at log, kept at debug', () => {
    const quiet = capture({ level: 'warn' });
    quiet.logger.log('info line', 'X');
    quiet.logger.debug('debug line', 'X');
    quiet.logger.warn('warn line', 'X');
    expect(quiet.lines.map((l) => JSON.parse(l).msg)).toEqual(['warn line']);
    const loud = capture({ level: 'debug' });
    loud.logger.debug('debug line', 'X');
    expect(loud.lines).toHaveLength(1);
  });

  it('redacts credentials in fields and in free text', () => {
    const { logger, lines } = capture();
    logger.error(
      'connect postgres://axiom:hunter2@db:5432/axiom failed; header Authorization: Api-Key abcd_0123456789abcdef0123',
      'at x (y.ts:1)',
      'Db',
    );
    Logger.overrideLogger(logger);
    new StructuredLogger('Dest').info('saved', { destination: 'gcs', password: 'pw-secret', token: 'tok-secret' });
    const text = lines.join('');
    for (const secret of ['hunter2', 'abcd_0123456789abcdef0123', 'pw-secret', 'tok-secret'])
      expect(text).not.toContain(secret);
    expect(JSON.parse(lines[1] as string)).toMatchObject({ destination: 'gcs', password: '[redacted]' });
  });

  it("keeps an error's type and stack, scrubbed", () => {
    const { logger, lines } = capture();
    Logger.overrideLogger(logger);
    new StructuredLogger('Routing').error(
      'send failed',
      { delivery_id: 3 },
      new TypeError('bad Bearer eyJhbGciOi.x.y'),
    );
    const entry = JSON.parse(lines[0] as string);
    expect(entry.error).toMatchObject({ type: 'TypeError', message: 'bad Bearer [redacted]' });
    expect(entry.delivery_id).toBe(3);
  });

  it('writes readable lines with LOG_FORMAT=pretty', () => {
    const { logger, lines } = capture({ format: 'pretty' });
    Logger.overrideLogger(logger);
    new StructuredLogger('Delivery').info('delivered', { delivery_id: 9, destination: 'pacs' });
    expect(lines[0]).toMatch(/^\S+ INFO {2}\[test\/Delivery\] delivered .*delivery_id=9 destination=pacs\n$/);
  });
});

describe('scrubText', () => {
  it('replaces private keys and quoted secrets of service account JSON', () => {
    const json = JSON.stringify({
      type: 'service_account',
      private_key: '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n',
      client_email: 'a@b',
    });
    const out = scrubText(`bad key ${json}`);
    expect(out).not.toContain('MIIE');
    expect(out).toContain('client_email');
    expect(scrubText('password=s3cr3t&user=x')).toBe('password="[redacted]"&user=x');
  });
});
