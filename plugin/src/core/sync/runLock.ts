/**
 * One sync at a time per org: a lock file holding the owner's pid, created exclusively. A lock
 * whose process is gone (killed, crashed) is taken over, so `kill -9` never blocks the next run.
 */
import { open, readFile, rm, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

export type LockHolder = { pid: number; startedAt: string };

export class LockedError extends Error {
  public constructor(
    public readonly path: string,
    public readonly holder: LockHolder,
  ) {
    super(`locked by process ${holder.pid} since ${holder.startedAt}`);
    this.name = 'LockedError';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readHolder(path: string): Promise<LockHolder | undefined> {
  try {
    const holder = JSON.parse(await readFile(path, 'utf8')) as Partial<LockHolder>;
    return typeof holder.pid === 'number' ? { pid: holder.pid, startedAt: String(holder.startedAt) } : undefined;
  } catch {
    return undefined;
  }
}

/** A lock file just created by another run may not hold its pid yet. */
async function readHolderAfterWrite(path: string): Promise<LockHolder | undefined> {
  await new Promise((resolve) => setTimeout(resolve, 200));
  return readHolder(path);
}

export type RunLock = { path: string; release(): Promise<void> };

export async function acquireRunLock(path: string, pid = process.pid): Promise<RunLock> {
  await mkdir(dirname(path), { recursive: true });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      // eslint-disable-next-line no-await-in-loop
      const handle = await open(path, 'wx');
      // eslint-disable-next-line no-await-in-loop
      await handle.writeFile(JSON.stringify({ pid, startedAt: new Date().toISOString() }));
      // eslint-disable-next-line no-await-in-loop
      await handle.close();
      return { path, release: () => rm(path, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // eslint-disable-next-line no-await-in-loop
      const holder = (await readHolder(path)) ?? (await readHolderAfterWrite(path));
      if (holder && holder.pid !== pid && isAlive(holder.pid)) throw new LockedError(path, holder);
      // A dead owner's lock, or one half written: remove it and try again.
      // eslint-disable-next-line no-await-in-loop
      await rm(path, { force: true });
    }
  }
  throw new Error(`could not create the lock file ${path}`);
}
