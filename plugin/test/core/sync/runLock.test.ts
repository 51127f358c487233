import { fork, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import {
  acquireRunLock,
  currentHolder,
  LockedError,
  processStartOf,
  type LockHolder,
} from '../../../src/core/sync/runLock.js';

const onLinux = existsSync('/proc/self/stat');

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid!;
}

/** A lock left on disk by `holder`, as acquireRunLock writes it. */
async function leaveLock(path: string, holder: LockHolder): Promise<void> {
  await mkdir(path, { recursive: true });
  await writeFile(join(path, 'owner.json'), JSON.stringify(holder));
}

const ownerOf = async (path: string): Promise<LockHolder> =>
  JSON.parse(await readFile(join(path, 'owner.json'), 'utf8')) as LockHolder;

describe('run lock', () => {
  let dir: string;
  let count = 0;
  const lockPath = (): string => join(dir, `org-${++count}.lock`);
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'run-lock-'));
  });

  it('lets one run hold the lock and refuses a second, then lets the next one take it', async () => {
    const path = lockPath();
    const lock = await acquireRunLock(path);
    const error = await acquireRunLock(path).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(LockedError);
    expect((error as LockedError).holder).to.include({ pid: process.pid, nonce: lock.holder.nonce });
    await lock.release();
    const again = await acquireRunLock(path);
    await again.release();
    expect(await readdir(dir)).not.to.include(`org-${count}.lock`);
  });

  it('takes over the lock of a process that died, and a legacy lock file of one', async () => {
    const path = lockPath();
    await leaveLock(path, { ...currentHolder(), pid: await deadPid(), processStart: '1' });
    const lock = await acquireRunLock(path);
    expect(await ownerOf(path)).to.include({ pid: process.pid, nonce: lock.holder.nonce });
    await lock.release();

    const legacy = lockPath();
    await writeFile(legacy, JSON.stringify({ pid: await deadPid(), startedAt: '2020-01-01T00:00:00Z' }));
    const fromLegacy = await acquireRunLock(legacy);
    expect(await ownerOf(legacy)).to.include({ pid: process.pid });
    await fromLegacy.release();
  });

  it('takes over a lock whose pid now belongs to another process (pid reuse)', async function () {
    if (!onLinux) this.skip();
    const path = lockPath();
    // The parent process is alive, but it is not the process that wrote this lock: its start time differs.
    const reused = process.ppid;
    expect(processStartOf(reused)).to.be.a('string').and.not.equal('1');
    await leaveLock(path, { ...currentHolder(), pid: reused, processStart: '1' });
    const lock = await acquireRunLock(path);
    expect(await ownerOf(path)).to.include({ pid: process.pid });
    await lock.release();
  });

  it('takes over a lock written before the machine rebooted, even when its pid is alive', async function () {
    if (!onLinux) this.skip();
    const path = lockPath();
    await leaveLock(path, {
      ...currentHolder(),
      pid: process.ppid,
      processStart: processStartOf(process.ppid),
      bootId: 'an-earlier-boot',
    });
    const lock = await acquireRunLock(path);
    await lock.release();
  });

  it('refuses while the holder runs, and when the holder is on another host it cannot check', async () => {
    const path = lockPath();
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      const holder = { ...currentHolder(), pid: sleeper.pid!, processStart: processStartOf(sleeper.pid!) };
      await leaveLock(path, holder);
      const error = await acquireRunLock(path).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(LockedError);
      expect((error as LockedError).holder).to.include({ pid: sleeper.pid });
    } finally {
      sleeper.kill();
    }
    const remote = lockPath();
    await leaveLock(remote, { ...currentHolder(), pid: await deadPid(), hostname: 'another-host.example' });
    expect(await acquireRunLock(remote).catch((e: unknown) => e)).to.be.instanceOf(LockedError);
  });

  describe('under contention', function () {
    this.timeout(180_000);
    const CONTENDERS = 8;
    const ROUNDS = 30;
    let workers: ChildProcess[];
    const replies = new Map<ChildProcess, Array<(message: Record<string, unknown>) => void>>();
    const next = (worker: ChildProcess): Promise<Record<string, unknown>> =>
      new Promise((resolve) => replies.get(worker)!.push(resolve));

    before(async () => {
      const script = join(dirname(fileURLToPath(import.meta.url)), 'lockWorker.ts');
      workers = Array.from({ length: CONTENDERS }, () => fork(script, [], { execArgv: ['--import', 'tsx'] }));
      for (const worker of workers) {
        replies.set(worker, []);
        worker.on('message', (message: Record<string, unknown>) => replies.get(worker)!.shift()?.(message));
      }
      await Promise.all(workers.map(next));
    });

    after(() => {
      for (const worker of workers) worker.send({ exit: true });
    });

    it(`lets exactly one of ${CONTENDERS} processes take a stale lock, in each of ${ROUNDS} rounds`, async () => {
      const held: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const path = lockPath();
        // Alternate a dead holder and a live pid that is not the holder any more.
        const stale =
          round % 2 === 0 || !onLinux
            ? { ...currentHolder(), pid: await deadPid() } // eslint-disable-line no-await-in-loop
            : { ...currentHolder(), pid: process.pid, processStart: '1' };
        await leaveLock(path, stale); // eslint-disable-line no-await-in-loop
        const answers = workers.map(next);
        for (const worker of workers) worker.send({ path });
        const results = await Promise.all(answers); // eslint-disable-line no-await-in-loop
        const winners = workers.filter((worker, i) => results[i].acquired === true);
        const refused = results.filter((result) => result.locked === true).length;
        expect(refused + winners.length, JSON.stringify(results)).to.equal(CONTENDERS);
        held.push(winners.length);
        const released = winners.map(next);
        for (const winner of winners) winner.send({ release: true });
        await Promise.all(released); // eslint-disable-line no-await-in-loop
      }
      expect(held).to.deep.equal(Array<number>(ROUNDS).fill(1));
    });
  });
});
