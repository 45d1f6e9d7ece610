import { ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('gives the embedded defaults on an empty environment', () => {
    const c = loadConfig({});
    expect(c).toEqual(expect.objectContaining({ mode: 'embedded', port: 8001, instanceId: 'default', databaseUrl: null, rabbitmqUrl: null, keepUnrouted: true }));
    expect(c.spoolPath.endsWith('spool')).toBe(true);
  });

  it('requires DATABASE_URL and RABBITMQ_URL for the separate apps, naming both', () => {
    expect(() => loadConfig({}, { requireDistributed: true })).toThrow(/DATABASE_URL is required[\s\S]*RABBITMQ_URL is required/);
  });

  it.each([
    [{ PORT: '70000' }, /PORT must be an integer from 1 to 65535/],
    [{ PORT: 'abc' }, /PORT must be an integer/],
    [{ KEEP_UNROUTED: 'maybe' }, /KEEP_UNROUTED must be true or false/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL must be/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL must use postgres or postgresql/],
    [{ RABBITMQ_URL: 'not a url' }, /RABBITMQ_URL is not a valid URL/],
    [{ AXIOM_ADMIN_API_KEY: 'short' }, /AXIOM_ADMIN_API_KEY must look like/],
    [{ DELIVERY_MAX_ATTEMPTS: '0' }, /DELIVERY_MAX_ATTEMPTS must be an integer from 1/],
  ])('refuses %j with a message naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('reads the distributed settings', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://u@h/db', RABBITMQ_URL: 'amqp://g:g@h:5672', AXIOM_INSTANCE_ID: 'site-b', AXIOM_PREFETCH: '4' }, { requireDistributed: true });
    expect(c).toEqual(expect.objectContaining({ mode: 'distributed', databaseUrl: 'postgres://u@h/db', rabbitmqUrl: 'amqp://g:g@h:5672', instanceId: 'site-b', prefetch: 4 }));
  });
});
