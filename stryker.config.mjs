// Mutation testing of the plugin's core (`npm run mutation` from the repository root). Too slow for
// `npm test`: run it before a release, after changing a model, aggregation or retry rule, or when a test
// is rewritten. Scores per file are printed and kept in artifacts/mutation/.
export default {
  testRunner: 'mocha',
  // The config's `require` is relative to plugin/, where the plugin's tests run; here they run from the root.
  mochaOptions: {
    spec: ['plugin/test/**/*.test.ts'],
    config: 'plugin/.mocharc.json',
    require: ['plugin/test/tempDirs.ts'],
  },
  testRunnerNodeArgs: ['--import', 'tsx'],
  mutate: ['plugin/src/core/**/*.ts'],
  coverageAnalysis: 'perTest',
  concurrency: 2,
  timeoutMS: 10000,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'artifacts/mutation/index.html' },
  jsonReporter: { fileName: 'artifacts/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false, maxTestsToLog: 0 },
  thresholds: { high: 90, low: 85, break: 85 },
  tempDirName: '.stryker-tmp',
  ignorePatterns: ['artifacts', 'plugin/lib', '.stryker-tmp', 'tmp', '.localorg'],
};
