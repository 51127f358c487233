/**
 * One sync at a time per org. The lock is a directory holding `owner.json`, which says who holds it:
 * pid, host, boot id and the process's start time, so that a pid reused after a crash or a reboot is
 * not mistaken for the holder. Every step is one atomic rename.
 *
 * Taking: a complete lock directory is built under a private name and renamed to the lock's path;
 * the rename fails while a lock is there (a directory with an owner is never empty).
 *
 * Taking over a stale lock: it is renamed to `<lock>.stale-<its nonce>`. Only one process can do that
 * for a given holder; a process that saw the same stale holder late finds that name taken, so it can
 * never move the newer lock aside. Then every contender races to take the lock as above.
 *
 * Releasing: the lock is renamed to a private name, then removed.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { link, mkdir, readFile, readdir, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Messages, SfError } from '@salesforce/core';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('@health-plan-accounts/plugin-healthplan', 'healthplan.lock');

export type LockHolder = {
  pid: number;
  startedAt: string;
  hostname?: string;
  /** Linux boot id: a different one means the holder's machine rebooted since. */
  bootId?: string;
  /** Start time of the holder's process in clock ticks since boot (Linux `/proc/<pid>/stat`). */
  processStart?: string;
  /** Names this lock instance; the stale lock is moved to a name built from it. */
  nonce?: string;
};

export class LockedError extends Error {
  public constructor(
    public readonly path: string,
    public readonly holder: LockHolder,
  ) {
    super(`locked by process ${holder.pid} on ${holder.hostname ?? 'this host'} since ${holder.startedAt}`);
    this.name = 'LockedError';
  }
}

const OWNER = 'owner.json';
/** Stale locks moved aside are kept this long, so a late contender cannot reuse their name. */
const STALE_KEPT_MS = 24 * 3600 * 1000;

function readOptional(file: string): string | undefined {
  try {
    // Stryker disable next-line MethodExpression: equivalent, both sides of each comparison are read alike and field 22 is never last
    return readFileSync(file, 'utf8').trim();
  } catch {
    // Absent (not Linux, or the process is gone): unknown.
  }
  return undefined;
}

/** Field 22 of `/proc/<pid>/stat` (after the command name, which may hold spaces). */
export function processStartOf(pid: number): string | undefined {
  const line = readOptional(`/proc/${pid}/stat`);
  if (!line) return undefined;
  return line.slice(line.lastIndexOf(')') + 2).split(' ')[19];
}

export function currentHolder(): LockHolder {
  return {
    pid: process.pid,
    startedAt: new Date().toISOString(),
    hostname: hostname(),
    bootId: readOptional('/proc/sys/kernel/random/boot_id'),
    processStart: processStartOf(process.pid),
    nonce: randomUUID(),
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The holder is gone: its machine rebooted, its pid is dead, or the pid now belongs to another process. */
function isStale(holder: LockHolder, self: LockHolder): boolean {
  if (holder.hostname && holder.hostname !== self.hostname) return false; // cannot look at another machine
  if (holder.bootId && self.bootId && holder.bootId !== self.bootId) return true;
  if (!isAlive(holder.pid)) return true;
  const start = holder.processStart && processStartOf(holder.pid);
  return Boolean(start && start !== holder.processStart);
}

function code(error: unknown): string {
  // Stryker disable next-line StringLiteral: equivalent, no code compared with is empty or any other text
  return (error as NodeJS.ErrnoException).code ?? '';
}

async function readHolder(path: string): Promise<LockHolder | undefined> {
  try {
    const holder = JSON.parse(await readFile(join(path, OWNER), 'utf8')) as LockHolder;
    return typeof holder.pid === 'number' ? holder : undefined;
  } catch {
    // Gone (released or moved aside meanwhile), or not JSON: no holder.
  }
  return undefined;
}

/** A lock file written by earlier versions (`{ pid, startedAt }`): taken over once its pid is dead. */
async function takeOverLegacy(path: string, self: LockHolder): Promise<void> {
  let holder: LockHolder | undefined;
  try {
    holder = JSON.parse(await readFile(path, 'utf8')) as LockHolder;
  } catch {
    // Gone or not JSON: moved aside as a holder unknown.
  }
  if (holder && typeof holder.pid === 'number' && !isStale(holder, self)) throw new LockedError(path, holder);
  // link() fails on an existing name, so only one process moves this file aside; unlink() fails on a directory.
  const aside = `${path}.stale-legacy-${holder?.pid ?? 'unknown'}-${(holder?.startedAt ?? '').replace(/\W/g, '')}`;
  try {
    await link(path, aside);
    await unlink(path);
  } catch (error) {
    if (!['EEXIST', 'ENOENT', 'EISDIR', 'EPERM'].includes(code(error))) throw error;
  }
}

/** Stale locks moved aside long ago: no contender can still be acting on what it read from them. */
async function sweepStale(path: string): Promise<void> {
  const prefix = `${basename(path)}.stale-`;
  const names = (await readdir(dirname(path))).filter((name) => name.startsWith(prefix));
  await Promise.all(
    names.map(async (name) => {
      const file = join(dirname(path), name);
      const info = await stat(file).catch(() => undefined);
      if (info && Date.now() - info.mtimeMs > STALE_KEPT_MS) await rm(file, { recursive: true, force: true });
    }),
  );
}

export type RunLock = { path: string; holder: LockHolder; release(): Promise<void> };

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Attempts to take the lock before giving up: each is a rename, and a lock seen stale is moved aside once. */
const ATTEMPTS = 50;

/**
 * Takes the lock at `path` for `self`. Throws LockedError while a live process holds it; any other
 * failure (the lock never settles, the file system refuses) comes as an error that says what to do.
 */
export async function acquireRunLock(path: string, self: LockHolder = currentHolder()): Promise<RunLock> {
  try {
    return await takeLock(path, self);
  } catch (error) {
    if (error instanceof LockedError || error instanceof SfError) throw error;
    throw messages.createError(
      'error.filesystem',
      [path, (error as Error).message],
      [dirname(path)],
      undefined,
      error as Error,
    );
  }
}

async function takeLock(path: string, self: LockHolder): Promise<RunLock> {
  await mkdir(dirname(path), { recursive: true });
  await sweepStale(path);
  const fresh = `${path}.new-${self.nonce ?? randomUUID()}`;
  await mkdir(fresh);
  await writeFile(join(fresh, OWNER), JSON.stringify(self));
  try {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      try {
        // eslint-disable-next-line no-await-in-loop
        await rename(fresh, path);
        return { path, holder: self, release: () => releaseLock(path, self) };
      } catch (error) {
        if (code(error) === 'ENOTDIR') {
          // eslint-disable-next-line no-await-in-loop
          await takeOverLegacy(path, self);
          continue;
        }
        if (code(error) !== 'ENOTEMPTY' && code(error) !== 'EEXIST') throw error;
      }
      // eslint-disable-next-line no-await-in-loop
      const holder = await readHolder(path);
      if (!holder) {
        // Released or moved aside between the rename and the read: try again.
        // eslint-disable-next-line no-await-in-loop
        await pause(5 + Math.random() * 20);
        continue;
      }
      if (!isStale(holder, self)) throw new LockedError(path, holder);
      try {
        // eslint-disable-next-line no-await-in-loop
        await rename(path, `${path}.stale-${holder.nonce ?? `${holder.pid}-${holder.startedAt}`.replace(/\W/g, '')}`);
      } catch (error) {
        // Another contender moved this holder aside first (the name is taken), or the lock is gone.
        if (!['ENOTEMPTY', 'EEXIST', 'ENOENT'].includes(code(error))) throw error;
      }
    }
    throw messages.createError('error.unsettled', [path, ATTEMPTS], [path]);
  } finally {
    await rm(fresh, { recursive: true, force: true });
  }
}

/** Removes the lock if it is still ours. */
async function releaseLock(path: string, self: LockHolder): Promise<void> {
  const holder = await readHolder(path);
  if (holder?.nonce !== self.nonce) return;
  const gone = `${path}.released-${self.nonce ?? randomUUID()}`;
  await rename(path, gone).catch(() => undefined);
  await rm(gone, { recursive: true, force: true });
}
