/**
 * Temporary folders of the tests, and the root hooks (registered in each .mocharc.json) that remove them: a folder
 * made during a test or its `beforeEach` hooks goes after that test, one made in a `before` hook or at load
 * goes at the end of the run. A failed test's own folders are kept, and named on stderr, to look into.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

type Made = { ofTest: string[]; ofRun: string[]; inTest: boolean };

// One record for every instance of this module: mocha loads a test file through require(), or through
// import() when its imports hold a top-level await, and each way makes its own instance.
const made = ((globalThis as { [key: symbol]: Made })[Symbol.for('healthplan.tempDirs')] ??= {
  ofTest: [],
  ofRun: [],
  inTest: false,
});

/** A fresh folder `<tmpdir>/<prefix>XXXXXX`, removed after the test or the run that made it. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  (made.inTest ? made.ofTest : made.ofRun).push(dir);
  return dir;
}

const remove = (dirs: string[]): void => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
};

export const mochaHooks: Mocha.RootHookObject = {
  beforeEach(): void {
    made.inTest = true;
  },
  afterEach(this: Mocha.Context): void {
    made.inTest = false;
    if (this.currentTest?.state === 'failed' && made.ofTest.length > 0) {
      process.stderr.write(
        `Kept for the failed test "${this.currentTest.title}": ${made.ofTest.splice(0).join(' ')}\n`,
      );
    }
    remove(made.ofTest);
  },
  afterAll(): void {
    remove(made.ofTest);
    remove(made.ofRun);
  },
};
