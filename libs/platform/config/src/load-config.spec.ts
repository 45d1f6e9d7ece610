import { ConfigError, loadConfig } from './index';
import type { AppConfig } from './index';

/** What only the distributed branch of the union allows: URLs typed as strings, no null check. */
function brokerOf(config: AppConfig): string | null {
  return config.mode === 'distributed' ? config.rabbitmqUrl : null;
}

describe('loadConfig', () => {
  it('gives the embedded defaults on an empty environment', () => {
    const c = loadConfig({});
    expect(c).toEqual(
      expect.objectContaining({
        mode: 'embedded',
        port: 8001,
        host: '0.0.0.0',
        defaultListenerPort: 11112,
        instanceId: 'default',
        databaseUrl: null,
        rabbitmqUrl: null,
        keepUnrouted: true,
        logLevel: 'log',
        logFormat: 'pretty',
      }),
    );
    expect(c.spoolPath.endsWith('spool')).toBe(true);
    expect(brokerOf(c)).toBeNull();
  });

  it('requires DATABASE_URL and RABBITMQ_URL for the separate apps, naming both', () => {
    expect(() => loadConfig({}, { requireDistributed: true })).toThrow(
      /DATABASE_URL is required[\s\S]*RABBITMQ_URL is required/,
    );
    expect(() => loadConfig({ DATABASE_URL: 'postgres://u@h/db' }, { requireDistributed: true })).toThrow(
      /^(?![\s\S]*DATABASE_URL is required)[\s\S]*RABBITMQ_URL is required/,
    );
  });

  it.each([
    [{ PORT: '70000' }, /PORT must be an integer from 1 to 65535/],
    [{ PORT: 'abc' }, /PORT must be an integer/],
    [
      { AXIOM_DEFAULT_LISTENER_PORT: '0' },
      /AXIOM_DEFAULT_LISTENER_PORT must be an integer from 1 to 65535 \(got "0"\)/,
    ],
    [{ KEEP_UNROUTED: 'maybe' }, /KEEP_UNROUTED must be true or false/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL must be error, warn, log or debug \(got "loud"\)/],
    [{ LOG_FORMAT: 'xml' }, /LOG_FORMAT must be json or pretty \(got "xml"\)/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL must use postgres or postgresql/],
    [{ RABBITMQ_URL: 'not a url' }, /RABBITMQ_URL is not a valid URL/],
    [{ AXIOM_ADMIN_API_KEY: 'short' }, /AXIOM_ADMIN_API_KEY must look like/],
    [{ DELIVERY_MAX_ATTEMPTS: '0' }, /DELIVERY_MAX_ATTEMPTS must be an integer from 1/],
  ])('refuses %j with a message naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('reports every bad variable of one start at once', () => {
    const problems = (() => {
      try {
        loadConfig({ PORT: 'x', LOG_LEVEL: 'loud', SECRET_KEY: 'short' });
        return [];
      } catch (err) {
        return (err as ConfigError).problems;
      }
    })();
    expect(problems).toEqual([
      expect.stringMatching(/^PORT /),
      expect.stringMatching(/^LOG_LEVEL /),
      expect.stringMatching(/^SECRET_KEY /),
    ]);
  });

  it('reads the distributed settings into the distributed branch, URLs non-null', () => {
    const c = loadConfig(
      {
        DATABASE_URL: 'postgres://u@h/db',
        RABBITMQ_URL: 'amqp://g:g@h:5672',
        AXIOM_INSTANCE_ID: 'site-b',
        AXIOM_PREFETCH: '4',
      },
      { requireDistributed: true },
    );
    expect(c).toEqual(
      expect.objectContaining({
        mode: 'distributed',
        databaseUrl: 'postgres://u@h/db',
        rabbitmqUrl: 'amqp://g:g@h:5672',
        instanceId: 'site-b',
        prefetch: 4,
        logFormat: 'json',
      }),
    );
    const url: string = c.rabbitmqUrl;
    expect(brokerOf(c)).toBe(url);
  });

  it('honours DATABASE_URL in the embedded mode (npm start on PostgreSQL), never a broker', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://u@h/db', RABBITMQ_URL: 'amqp://g:g@h:5672' });
    expect(c).toEqual(
      expect.objectContaining({ mode: 'embedded', databaseUrl: 'postgres://u@h/db', rabbitmqUrl: null }),
    );
  });

  it('reads HOST and AXIOM_DEFAULT_LISTENER_PORT', () => {
    expect(loadConfig({ HOST: '127.0.0.1', AXIOM_DEFAULT_LISTENER_PORT: '11999' })).toEqual(
      expect.objectContaining({ host: '127.0.0.1', defaultListenerPort: 11999 }),
    );
  });
});
