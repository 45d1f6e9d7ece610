import { ConfigError, loadConfig } from './index';

describe('size limits (AXIOM_MAX_OBJECT_BYTES, AXIOM_MAX_INFLATED_BYTES)', () => {
  it('default to 4 GiB per object and 512 MiB inflated', () => {
    expect(loadConfig({}).limits).toEqual({ maxObjectBytes: 4 * 1024 ** 3, maxInflatedBytes: 512 * 1024 ** 2 });
  });

  it('are read from the environment', () => {
    const config = loadConfig({ AXIOM_MAX_OBJECT_BYTES: '1073741824', AXIOM_MAX_INFLATED_BYTES: '67108864' });
    expect(config.limits).toEqual({ maxObjectBytes: 1024 ** 3, maxInflatedBytes: 64 * 1024 ** 2 });
  });

  it.each([
    ['AXIOM_MAX_OBJECT_BYTES', 'lots'],
    ['AXIOM_MAX_INFLATED_BYTES', '0'],
    ['AXIOM_MAX_INFLATED_BYTES', String(2 ** 33)],
  ])('refuse %s=%s with a message naming it', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(name));
  });
});
