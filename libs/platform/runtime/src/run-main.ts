import { ConfigError } from '@axiom/platform-config';
import { surviveBrokerRestarts } from './broker-rejections';
import { tuneHeap } from './heap-tuning';

/** Runs an app's bootstrap; a configuration problem exits 2 with the list of what is wrong. */
export function runMain(name: string, start: () => Promise<unknown>): void {
  tuneHeap();
  surviveBrokerRestarts((line) => process.stderr.write(`${name}: ${line}`));
  // a start that throws at once (a default `loadConfig()` argument) is handled like one that rejects
  Promise.resolve()
    .then(start)
    .catch((err: unknown) => {
      if (err instanceof ConfigError) {
        process.stderr.write(`${name}: ${err.message}\n`);
        process.exit(2);
      }
      process.stderr.write(`${name}: failed to start: ${(err as Error).stack ?? String(err)}\n`);
      process.exit(1);
    });
}
