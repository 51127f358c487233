import { fork, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import fsp, { mkdir, readdir, readFile, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SfError } from '@salesforce/core';
import { expect } from 'chai';
import sinon from 'sinon';
import {
  acquireRunLock,
  currentHolder,
  LockedError,
  processStartOf,
  type LockHolder,
} from '../../../src/core/sync/runLock.js';
import { tempDir } from '../../tempDirs.js';

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
  before(() => {
    dir = tempDir('run-lock-');
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

  it('says who holds the lock: pid, host (or this host) and since when', async () => {
    const since = '2026-01-02T03:04:05.000Z';
    const remote = lockPath();
    await leaveLock(remote, { pid: 4242, startedAt: since, hostname: 'batch-7.example', nonce: 'n1' });
    const error = (await acquireRunLock(remote).catch((e: unknown) => e)) as LockedError;
    expect(error).to.be.instanceOf(LockedError).and.include({ name: 'LockedError', path: remote });
    expect(error.message).to.equal(`locked by process 4242 on batch-7.example since ${since}`);
    expect(error.holder).to.deep.equal({ pid: 4242, startedAt: since, hostname: 'batch-7.example', nonce: 'n1' });

    // A holder without a host name is on this host; its pid (ours) is alive.
    const local = lockPath();
    await leaveLock(local, { pid: process.pid, startedAt: since });
    const mine = (await acquireRunLock(local).catch((e: unknown) => e)) as LockedError;
    expect(mine.message).to.equal(`locked by process ${process.pid} on this host since ${since}`);
  });

  it('moves a stale lock aside under its nonce, or its pid and start time, and leaves no private copy', async () => {
    const path = lockPath();
    const dead = await deadPid();
    await leaveLock(path, { pid: dead, startedAt: '2026-01-02T03:04:05Z', hostname: hostname(), nonce: 'abc123' });
    const lock = await acquireRunLock(path);
    expect((await ownerOf(`${path}.stale-abc123`)).pid).to.equal(dead);
    await lock.release();

    const noNonce = lockPath();
    await leaveLock(noNonce, { pid: dead, startedAt: '2026-01-02T03:04:05Z' });
    const second = await acquireRunLock(noNonce);
    await second.release();
    // `${pid}-${startedAt}` without its non-word characters; the private `.new-` and `.released-` copies are gone.
    const names = (await readdir(dir)).filter((entry) =>
      [path, noNonce].some((held) => entry === basename(held) || entry.startsWith(`${basename(held)}.`)),
    );
    expect(names.sort()).to.deep.equal(
      [`${basename(path)}.stale-abc123`, `${basename(noNonce)}.stale-${dead}20260102T030405Z`].sort(),
    );
  });

  it('takes over a holder whose machine rebooted only when both boot ids are known', async () => {
    const path = lockPath();
    // Our own pid is alive; only the boot id says the holder is gone.
    await leaveLock(path, { ...currentHolder(), pid: process.pid, processStart: undefined, bootId: 'boot-a' });
    const lock = await acquireRunLock(path, { ...currentHolder(), bootId: 'boot-b' });
    await lock.release();
    await leaveLock(path, { ...currentHolder(), pid: process.pid, processStart: undefined, bootId: 'boot-a' });
    const unknownBoot = await acquireRunLock(path, { ...currentHolder(), bootId: undefined }).catch((e: unknown) => e);
    expect(unknownBoot).to.be.instanceOf(LockedError);
  });

  it('keeps a live holder whose start time is unknown or the same', async function () {
    if (!onLinux) this.skip();
    const path = lockPath();
    await leaveLock(path, { ...currentHolder(), pid: process.ppid, processStart: processStartOf(process.ppid) });
    expect(await acquireRunLock(path).catch((e: unknown) => e)).to.be.instanceOf(LockedError);
    const unknown = lockPath();
    await leaveLock(unknown, { ...currentHolder(), pid: process.ppid, processStart: undefined });
    expect(await acquireRunLock(unknown).catch((e: unknown) => e)).to.be.instanceOf(LockedError);
  });

  it('releases only its own lock, and leaves nothing behind', async () => {
    const path = lockPath();
    const lock = await acquireRunLock(path);
    // Taken over meanwhile (say, after a long pause that made it look stale): the new holder keeps it.
    await writeFile(join(path, 'owner.json'), JSON.stringify({ ...lock.holder, nonce: 'someone-else' }));
    await lock.release();
    expect((await ownerOf(path)).nonce).to.equal('someone-else');

    // Removed by hand meanwhile: nothing to release.
    const removed = await acquireRunLock(lockPath());
    await rm(removed.path, { recursive: true });
    await removed.release();

    const own = lockPath();
    const mine = await acquireRunLock(own);
    expect(mine).to.include({ path: own });
    await mine.release();
    expect((await readdir(dir)).filter((entry) => entry.startsWith(`org-${count}.lock`))).to.deep.equal([]);
  });

  it('sweeps stale locks moved aside more than a day ago, and only those of this lock', async () => {
    const path = lockPath();
    const name = basename(path);
    const old = Date.now() / 1000 - 25 * 3600;
    const recent = Date.now() / 1000 - 23 * 3600;
    for (const [entry, time] of [
      [`${name}.stale-old`, old],
      [`${name}.stale-recent`, recent],
      [`other-${name}.stale-old`, old],
    ] as const) {
      await mkdir(join(dir, entry)); // eslint-disable-line no-await-in-loop
      await utimes(join(dir, entry), time, time); // eslint-disable-line no-await-in-loop
    }
    const lock = await acquireRunLock(path);
    await lock.release();
    const entries = await readdir(dir);
    expect(entries).not.to.include(`${name}.stale-old`);
    expect(entries).to.include.members([`${name}.stale-recent`, `other-${name}.stale-old`]);
  });

  it('keeps a stale lock moved aside exactly a day ago, and sweeps one a millisecond older', async () => {
    const path = lockPath();
    const now = Date.UTC(2026, 10, 30, 4, 0, 0);
    const day = join(dir, `${basename(path)}.stale-day`);
    const older = join(dir, `${basename(path)}.stale-older`);
    await mkdir(day);
    await mkdir(older);
    // 24 × 3,600,000 = 86,400,000 ms before now, and 86,400,001.
    await utimes(day, (now - 86_400_000) / 1000, (now - 86_400_000) / 1000);
    await utimes(older, (now - 86_400_001) / 1000, (now - 86_400_001) / 1000);
    const clock = sinon.useFakeTimers({ now, toFake: ['Date'] });
    try {
      await (await acquireRunLock(path)).release();
    } finally {
      clock.restore();
    }
    expect([existsSync(day), existsSync(older)]).to.deep.equal([true, false]);
  });

  it('moves aside a legacy lock file whose pid is not a number, even one that spells a live pid', async () => {
    const path = lockPath();
    await writeFile(path, JSON.stringify({ pid: String(process.pid), startedAt: 'T1' }));
    await (await acquireRunLock(path)).release();
    expect(JSON.parse(await readFile(`${path}.stale-legacy-${process.pid}-T1`, 'utf8'))).to.include({
      startedAt: 'T1',
    });
  });

  it('refuses a legacy lock file of a live process, and moves a dead or unreadable one aside', async () => {
    const live = lockPath();
    await writeFile(live, JSON.stringify({ pid: process.pid, startedAt: '2020-01-01T00:00:00Z' }));
    const error = await acquireRunLock(live).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(LockedError);
    expect((error as LockedError).holder).to.deep.equal({ pid: process.pid, startedAt: '2020-01-01T00:00:00Z' });

    const dead = lockPath();
    const pid = await deadPid();
    await writeFile(dead, JSON.stringify({ pid, startedAt: '2020-01-01T00:00:00Z' }));
    await (await acquireRunLock(dead)).release();
    expect(JSON.parse(await readFile(`${dead}.stale-legacy-${pid}-20200101T000000Z`, 'utf8'))).to.include({ pid });

    for (const content of ['not json', JSON.stringify({ pid: 'x', startedAt: 'y' })]) {
      const broken = lockPath();
      await writeFile(broken, content); // eslint-disable-line no-await-in-loop
      await (await acquireRunLock(broken)).release(); // eslint-disable-line no-await-in-loop
      const aside = content === 'not json' ? `${broken}.stale-legacy-unknown-` : `${broken}.stale-legacy-x-y`;
      expect(await readFile(aside, 'utf8')).to.equal(content); // eslint-disable-line no-await-in-loop
    }
  });

  it('gives up when the lock keeps an owner file it cannot read', async () => {
    const path = lockPath();
    await mkdir(path);
    await writeFile(join(path, 'owner.json'), JSON.stringify({ pid: 'not a number' }));
    const started = Date.now();
    const error = await acquireRunLock(path).catch((e: unknown) => e);
    expect(error)
      .to.be.instanceOf(SfError)
      .and.include({
        message: `Could not take the sync lock ${path}: it changed hands 50 times while this run tried, or its owner file cannot be read.`,
      });
    expect((error as SfError).actions).to.deep.equal([
      'Run again: syncs that started and ended at that moment let the next attempt through.',
      `If no sync is running against this org, the lock is damaged: remove the lock ${path}.`,
    ]);
    // 50 attempts, each after a pause of 5 to 25 ms: at least 250 ms (200 allowed for timer slack).
    expect(Date.now() - started).to.be.at.least(200);
    expect((await readdir(dir)).filter((entry) => entry.startsWith(`org-${count}.lock.new-`))).to.deep.equal([]);
  });

  it('reads the start time of a process whose name holds spaces and parentheses', async function () {
    if (!onLinux) this.skip();
    const link = join(dir, 'my (odd) node');
    await symlink(process.execPath, link);
    const child = spawn(link, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      await new Promise((resolve) => child.on('spawn', resolve));
      const stat = await readFile(`/proc/${child.pid}/stat`, 'utf8');
      // A second reading: `pid (comm) state ppid …`; starttime is field 22 of proc(5), counted from 1.
      const match = /^\d+ \((.*)\) (.*)$/s.exec(stat.trim())!;
      expect(match[1]).to.contain(' ');
      expect(processStartOf(child.pid!)).to.equal(match[2].split(' ')[22 - 3]);
    } finally {
      child.kill();
    }
    expect(processStartOf(await deadPid())).to.equal(undefined);
  });

  it('counts a holder it may not signal as alive, and one that does not exist as gone', async () => {
    const path = lockPath();
    const holder = { pid: 4_000_000, startedAt: '2026-01-02T03:04:05Z', hostname: hostname(), nonce: 'unseen' };
    await leaveLock(path, holder);
    const kill = sinon.stub(process, 'kill').throws(Object.assign(new Error('not permitted'), { code: 'EPERM' }));
    try {
      expect(await acquireRunLock(path).catch((e: unknown) => e)).to.be.instanceOf(LockedError);
      kill.throws(Object.assign(new Error('no such process'), { code: 'ESRCH' }));
      await (await acquireRunLock(path)).release();
    } finally {
      kill.restore();
    }
  });

  it('leaves a legacy lock file to the process that already moved one of its holder aside', async () => {
    const path = lockPath();
    const pid = await deadPid();
    await writeFile(path, JSON.stringify({ pid, startedAt: 'T1' }));
    await writeFile(`${path}.stale-legacy-${pid}-T1`, 'taken by another contender');
    const error = await acquireRunLock(path).catch((e: unknown) => e);
    expect((error as SfError).message).to.equal(
      `Could not take the sync lock ${path}: it changed hands 50 times while this run tried, or its owner file cannot be read.`,
    );
  });

  describe('when the file system fails or changes under it', () => {
    // runLock's named imports of node:fs/promises are live bindings of the module object once synced.
    const real = { link: fsp.link, rename: fsp.rename, rm: fsp.rm, stat: fsp.stat, unlink: fsp.unlink };
    type Replaceable = keyof typeof real;
    function replace<N extends Replaceable>(name: N, fake: (typeof real)[N]): sinon.SinonStub {
      const stub = sinon.stub(fsp, name).callsFake(fake as never);
      syncBuiltinESMExports();
      return stub;
    }
    const refusal = (code: string, text: string): NodeJS.ErrnoException => Object.assign(new Error(text), { code });
    const self = (nonce: string): LockHolder => ({ ...currentHolder(), nonce });
    /** A live holder: this process, with its own start time, under another nonce. */
    const live = (nonce: string): LockHolder => ({ ...currentHolder(), nonce });
    const filesystemAction = (): string =>
      `Check that you may create, rename and remove files in ${dir}, and that its disk is not full, then run again.`;

    afterEach(() => {
      sinon.restore();
      syncBuiltinESMExports();
    });

    it('stops at the first rename the file system refuses: no lock, no private copy, and what to check', async () => {
      const path = lockPath();
      const rename = replace('rename', (from, to) =>
        Promise.reject(refusal('EACCES', `EACCES: permission denied, rename '${String(from)}' -> '${String(to)}'`)),
      );
      const error = (await acquireRunLock(path, self('n-eacces')).catch((e: unknown) => e)) as SfError;
      expect(error).to.be.instanceOf(SfError);
      expect(error.message).to.equal(
        `Could not take the sync lock ${path}: EACCES: permission denied, rename '${path}.new-n-eacces' -> '${path}'`,
      );
      expect(error.actions).to.deep.equal([filesystemAction()]);
      expect(rename.callCount).to.equal(1);
      expect(existsSync(path) || existsSync(`${path}.new-n-eacces`)).to.equal(false);
    });

    it('reads EEXIST from the rename as a lock being there, as some systems answer instead of ENOTEMPTY', async () => {
      const path = lockPath();
      await leaveLock(path, live('holder'));
      replace('rename', (from, to) =>
        to === path ? Promise.reject(refusal('EEXIST', 'EEXIST: file already exists')) : real.rename(from, to),
      );
      const error = await acquireRunLock(path, self('late')).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(LockedError);
      expect((error as LockedError).holder.nonce).to.equal('holder');
    });

    it('moves a stale lock aside exactly once, then takes the lock', async () => {
      const path = lockPath();
      await leaveLock(path, { ...currentHolder(), pid: await deadPid(), nonce: 'dead' });
      const rename = replace('rename', (from, to) => real.rename(from, to));
      const lock = await acquireRunLock(path, self('next'));
      expect(rename.args).to.deep.equal([
        [`${path}.new-next`, path],
        [path, `${path}.stale-dead`],
        [`${path}.new-next`, path],
      ]);
      expect((await ownerOf(path)).nonce).to.equal('next');
      await lock.release();
    });

    for (const answer of ['ENOTEMPTY', 'EEXIST']) {
      it(`leaves the newer lock of a contender that moved the stale holder aside first (${answer})`, async () => {
        const path = lockPath();
        await leaveLock(path, { ...currentHolder(), pid: await deadPid(), nonce: 'dead' });
        replace('rename', async (from, to) => {
          if (to !== `${path}.stale-dead`) return real.rename(from, to);
          // Between our read and our rename, another process moved the stale holder aside and took the lock.
          await real.rename(path, to);
          await leaveLock(path, live('winner'));
          if (answer === 'EEXIST') throw refusal('EEXIST', 'EEXIST: file already exists');
          return real.rename(from, to); // the name is taken by a non-empty directory: ENOTEMPTY
        });
        const error = await acquireRunLock(path, self('late')).catch((e: unknown) => e);
        expect(error).to.be.instanceOf(LockedError);
        expect((error as LockedError).holder.nonce).to.equal('winner');
        expect((await ownerOf(`${path}.stale-dead`)).nonce).to.equal('dead');
      });
    }

    it('takes the lock when the stale one is released between its read and its move', async () => {
      const path = lockPath();
      await leaveLock(path, { ...currentHolder(), pid: await deadPid(), nonce: 'dead' });
      replace('rename', async (from, to) => {
        if (to === `${path}.stale-dead`) await real.rm(path, { recursive: true }); // gone: the rename gets ENOENT
        return real.rename(from, to);
      });
      const lock = await acquireRunLock(path, self('next'));
      expect((await ownerOf(path)).nonce).to.equal('next');
      expect(existsSync(`${path}.stale-dead`)).to.equal(false);
      await lock.release();
    });

    it('stops when the file system refuses to move a stale lock aside, and leaves it where it is', async () => {
      const path = lockPath();
      await leaveLock(path, { ...currentHolder(), pid: await deadPid(), nonce: 'dead' });
      replace('rename', (from, to) =>
        to === `${path}.stale-dead`
          ? Promise.reject(refusal('EACCES', 'EACCES: permission denied'))
          : real.rename(from, to),
      );
      const error = (await acquireRunLock(path, self('next')).catch((e: unknown) => e)) as SfError;
      expect(error).to.be.instanceOf(SfError);
      expect(error.message).to.equal(`Could not take the sync lock ${path}: EACCES: permission denied`);
      expect((await ownerOf(path)).nonce).to.equal('dead');
    });

    it('waits 5 to 25 ms before each of its 50 attempts while the owner file cannot be read', async () => {
      const path = lockPath();
      await mkdir(path);
      await writeFile(join(path, 'owner.json'), '{"pid":');
      sinon.stub(Math, 'random').returns(0.5);
      const timer = sinon.spy(globalThis, 'setTimeout');
      const rename = replace('rename', (from, to) => real.rename(from, to));
      const error = await acquireRunLock(path, self('patient')).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(SfError);
      expect(rename.callCount).to.equal(50);
      // 5 + 0.5 × 20 = 15 ms each time.
      expect(timer.args.map((args) => args[1])).to.deep.equal(Array<number>(50).fill(15));
    });

    it('stops when the file system refuses to move a legacy lock file aside, and leaves it', async () => {
      const path = lockPath();
      await writeFile(path, JSON.stringify({ pid: await deadPid(), startedAt: 'T1' }));
      replace('link', () => Promise.reject(refusal('EACCES', 'EACCES: permission denied, link')));
      const error = (await acquireRunLock(path, self('next')).catch((e: unknown) => e)) as SfError;
      expect(error.message).to.equal(`Could not take the sync lock ${path}: EACCES: permission denied, link`);
      expect(error.actions).to.deep.equal([filesystemAction()]);
      expect(JSON.parse(await readFile(path, 'utf8'))).to.include({ startedAt: 'T1' });
    });

    it('takes the lock when another process moved the legacy lock file aside first (ENOENT)', async () => {
      const path = lockPath();
      const pid = await deadPid();
      await writeFile(path, JSON.stringify({ pid, startedAt: 'T1' }));
      replace('link', async (from, to) => {
        await real.link(from, to);
        await real.unlink(from);
        return real.link(from, to); // our link: the file is gone
      });
      const lock = await acquireRunLock(path, self('next'));
      expect((await ownerOf(path)).nonce).to.equal('next');
      expect(JSON.parse(await readFile(`${path}.stale-legacy-${pid}-T1`, 'utf8'))).to.include({ pid });
      await lock.release();
    });

    it('leaves the new lock directory that replaced a legacy file to its holder (EPERM from link)', async () => {
      const path = lockPath();
      await writeFile(path, JSON.stringify({ pid: await deadPid(), startedAt: 'T1' }));
      replace('link', async (from, to) => {
        await real.unlink(from);
        await leaveLock(path, live('winner'));
        return real.link(from, to); // Linux refuses a hard link to a directory: EPERM
      });
      const error = await acquireRunLock(path, self('late')).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(LockedError);
      expect((error as LockedError).holder.nonce).to.equal('winner');
    });

    it('leaves the new lock directory that replaced a legacy file to its holder (EISDIR from unlink)', async () => {
      const path = lockPath();
      await writeFile(path, JSON.stringify({ pid: await deadPid(), startedAt: 'T1' }));
      replace('unlink', async (file) => {
        await real.unlink(file);
        await leaveLock(path, live('winner'));
        return real.unlink(file); // unlink() of a directory: EISDIR on Linux
      });
      const error = await acquireRunLock(path, self('late')).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(LockedError);
      expect((error as LockedError).holder.nonce).to.equal('winner');
    });

    it('stops when the file system refuses to remove the legacy lock file', async () => {
      const path = lockPath();
      await writeFile(path, JSON.stringify({ pid: await deadPid(), startedAt: 'T1' }));
      replace('unlink', () => Promise.reject(refusal('EROFS', 'EROFS: read-only file system, unlink')));
      const error = (await acquireRunLock(path, self('next')).catch((e: unknown) => e)) as SfError;
      expect(error.message).to.equal(`Could not take the sync lock ${path}: EROFS: read-only file system, unlink`);
    });

    it('takes the lock when another process sweeps an old stale lock at the same time', async () => {
      const path = lockPath();
      const old = join(dir, `${basename(path)}.stale-old`);
      await mkdir(old);
      const dayAndHourAgo = Date.now() / 1000 - 25 * 3600;
      await utimes(old, dayAndHourAgo, dayAndHourAgo);
      replace('stat', (async (file: string) => {
        const info = await real.stat(file);
        await real.rm(file, { recursive: true }); // swept by the other process after our look
        return info;
      }) as typeof fsp.stat);
      const lock = await acquireRunLock(path, self('next'));
      expect(existsSync(old)).to.equal(false);
      await lock.release();
    });

    it('releases quietly when the lock is removed by hand between its read and its move', async () => {
      const path = lockPath();
      const lock = await acquireRunLock(path, self('mine'));
      const rename = replace('rename', async (from, to) => {
        await real.rm(path, { recursive: true });
        return real.rename(from, to);
      });
      await lock.release();
      expect(rename.args).to.deep.equal([[path, `${path}.released-mine`]]);
      expect((await readdir(dir)).filter((entry) => entry.startsWith(basename(path)))).to.deep.equal([]);
    });
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
