import { loadConfig } from '@axiom/platform-config';
import { runMain } from './run-main';

describe('runMain', () => {
  const listeners = process.listeners('unhandledRejection');
  afterEach(() => {
    jest.restoreAllMocks();
    for (const l of process.listeners('unhandledRejection'))
      if (!listeners.includes(l)) process.off('unhandledRejection', l);
  });

  it('exits 2 naming each bad variable, also when the start throws at once (its default loadConfig argument)', async () => {
    const exited = new Promise<number | undefined>((resolve) => {
      jest.spyOn(process, 'exit').mockImplementation(((code?: number) => {
        resolve(code);
      }) as typeof process.exit);
    });
    const errors: string[] = [];
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      errors.push(String(chunk));
      return true;
    });
    const start = (config = loadConfig({ PORT: 'abc', LOG_LEVEL: 'loud' })): Promise<unknown> =>
      Promise.resolve(config);
    runMain('api', () => start());
    expect(await exited).toBe(2);
    expect(errors.join('')).toMatch(
      /^api: invalid configuration:\n {2}- PORT must be an integer[^\n]*\n {2}- LOG_LEVEL must be/,
    );
  });

  it('exits 1 with the stack for any other failure', async () => {
    const exited = new Promise<number | undefined>((resolve) => {
      jest.spyOn(process, 'exit').mockImplementation(((code?: number) => {
        resolve(code);
      }) as typeof process.exit);
    });
    const errors: string[] = [];
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      errors.push(String(chunk));
      return true;
    });
    runMain('api', () => Promise.reject(new Error('port in use')));
    expect(await exited).toBe(1);
    expect(errors.join('')).toMatch(/^api: failed to start: Error: port in use\n {4}at /);
  });
});
