/**
 * A jest reporter that writes each project's totals to tmp/test-results/<project>.json, so
 * `npm test` (tools/run-tests.cjs) can print one closing line over every suite.
 */
const { mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

class SummaryReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }
  onRunComplete(_contexts, results) {
    const dir = join(__dirname, '..', '..', 'tmp', 'test-results');
    mkdirSync(dir, { recursive: true });
    const name = (this.rootDir || 'unknown').split(/[\\/]/).slice(-2).join('-');
    writeFileSync(
      join(dir, `${name}.json`),
      JSON.stringify({
        passed: results.numPassedTests,
        failed: results.numFailedTests,
        skipped: results.numPendingTests + results.numTodoTests,
        suitesFailed: results.numFailedTestSuites + results.numRuntimeErrorTestSuites,
      }),
    );
  }
}
module.exports = SummaryReporter;
