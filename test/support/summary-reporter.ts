import type { Reporter, TestModule } from 'vitest/node';

/**
 * Prints one closing line "vitest: N passed, N failed, N skipped" that CI reads,
 * after vitest's own summary. A skipped test counts, so it cannot hide.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    for (const module of testModules) {
      let failedInModule = 0;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') counts.passed += 1;
        else if (state === 'failed') failedInModule += 1;
        else counts.skipped += 1;
      }
      // A failing hook or import fails the file without failing a test: count it as one failure.
      if (failedInModule === 0 && module.state() === 'failed') failedInModule = 1;
      counts.failed += failedInModule;
    }
    counts.failed += unhandledErrors.length;
    process.stdout.write(`\nvitest: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`);
  }
}
