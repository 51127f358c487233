/**
 * A contender for the run lock in its own process, driven by runLock.test.ts over IPC: on
 * `{ path }` it tries to take the lock and answers whether it got it; on `release` it lets go.
 */
import { acquireRunLock, LockedError, type RunLock } from '../../../src/core/sync/runLock.js';

let held: RunLock | undefined;

process.on('message', (message: { path?: string; release?: boolean; exit?: boolean }) => {
  if (message.exit) process.exit(0);
  if (message.release) {
    void (held?.release() ?? Promise.resolve()).then(() => {
      held = undefined;
      process.send?.({ released: true });
    });
    return;
  }
  acquireRunLock(message.path!).then(
    (lock) => {
      held = lock;
      process.send?.({ acquired: true });
    },
    (error: unknown) => process.send?.({ acquired: false, locked: error instanceof LockedError, error: String(error) }),
  );
});
process.send?.({ ready: true });
