import { createRequire } from 'node:module';
import { jestConfig } from '@salesforce/sfdx-lwc-jest/config.js';

const require = createRequire(import.meta.url);

// The root also installs lwc 9 for the browser preview; its packages are ES modules only at their
// "main", so point the test runtime at their CommonJS builds to keep one engine for compiler and runtime.
const engineDom = require.resolve('@lwc/engine-dom/dist/index.cjs');
const syntheticShadow = require.resolve('@lwc/synthetic-shadow/dist/index.cjs');

export default {
  ...jestConfig,
  moduleNameMapper: {
    '^lwc$': engineDom,
    '^@lwc/engine-dom$': engineDom,
    '^@lwc/synthetic-shadow$': syntheticShadow,
  },
  // Accessibility checks of large tables take seconds on a busy machine.
  testTimeout: 30000,
  setupFilesAfterEnv: [...jestConfig.setupFilesAfterEnv, '<rootDir>/jest.setup.js'],
  // Only *.test.js are suites; other files in __tests__ are fixtures and helpers shared between them.
  testMatch: ['**/__tests__/**/*.test.js'],
  testPathIgnorePatterns: ['<rootDir>/node_modules/', '<rootDir>/plugin/', '<rootDir>/test/', '<rootDir>/scripts/'],
};
