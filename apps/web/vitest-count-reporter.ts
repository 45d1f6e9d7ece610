// Vitest reporter: writes {passed, failed, skipped} to tmp/test-counts/<AXIOM_TEST_RUN or web>.json,
// the format tools/test/summary.js sums into the one closing line CI reads (like the Jest reporter
// in tools/test/count-reporter.js). A file that fails to load and an unhandled error count as failed.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';

export default class CountReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    let passed = 0;
    let failed = unhandledErrors.length;
    let skipped = 0;
    for (const module of testModules) {
      if (module.errors().length > 0) failed += 1;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed += 1;
        else if (state === 'failed') failed += 1;
        else skipped += 1;
      }
    }
    const dir = resolve(__dirname, '..', '..', 'tmp', 'test-counts');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, `${process.env['AXIOM_TEST_RUN'] ?? 'web'}.json`),
      JSON.stringify({ passed, failed, skipped }),
    );
  }
}
