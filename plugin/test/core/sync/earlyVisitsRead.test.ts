import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { Config } from '@oclif/core';
import { expect } from 'chai';
import sinon from 'sinon';
import { VISIT_COLUMNS } from '../../../src/core/sync/rowSchemas.js';
import type { VisitsReadAhead } from '../../../src/core/sync/visitsReadAhead.js';
import readVisitsEarly, { visitsFlag } from '../../../src/hooks/init/readVisitsEarly.js';
import { eventually } from '../../eventually.js';

/** Runs the init hook as the CLI does before loading command `id`. */
async function initHook(id: string, argv: string[]): Promise<void> {
  await readVisitsEarly.call({} as never, { id, argv, config: {} as Config, context: {} as never });
}

describe('visits feed read started by the init hook', () => {
  let dir: string;
  let visits: string;
  let takeEarlyVisitsRead: (file: string) => Promise<VisitsReadAhead | undefined> | undefined;

  before(async () => {
    // Imported as the hook imports it: under tsx, a module imported with import() is another
    // instance than the same module imported statically (the built CLI has one).
    ({ takeEarlyVisitsRead } = await import('../../../src/core/sync/earlyVisitsRead.js'));
    dir = await mkdtemp(join(tmpdir(), 'early-visits-'));
    visits = join(dir, 'visits.csv');
    // Over the 8 MiB under which a feed is read on one thread.
    const row = 'V1,HP-1,Commercial,2024-01-15,urgent_care,er,4\n';
    await writeFile(visits, `${VISIT_COLUMNS.join(',')}\n${row.repeat(Math.ceil((9 << 20) / row.length))}`);
  });

  after(async () => {
    await (await takeEarlyVisitsRead(visits))?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('reads the value of --visits in each form the CLI takes, before any --', () => {
    expect(visitsFlag(['--eligibility', 'e.csv', '--visits', 'v.csv', '--json'])).to.equal('v.csv');
    expect(visitsFlag(['--visits=v.csv'])).to.equal('v.csv');
    expect(visitsFlag(['-e', 'e.csv', '-v', 'v.csv'])).to.equal('v.csv');
    expect(visitsFlag(['--eligibility', 'e.csv', '--', '--visits', 'v.csv'])).to.equal(undefined);
    expect(visitsFlag(['--snapshots', 's.csv'])).to.equal(undefined);
  });

  it('starts the read for healthplan sync, which the command takes by the same file named another way', async () => {
    await initHook('healthplan:sync', ['--eligibility', 'e.csv', '--visits', relative(process.cwd(), visits)]);
    const taken = takeEarlyVisitsRead(visits);
    expect(taken, 'a read was started').not.to.equal(undefined);
    const ahead = await taken!;
    expect(ahead!.layout.file).to.equal(visits);
    // Its first range is read, on a worker thread.
    const first = await ahead!.next();
    expect(first.rows).to.be.above(0);
    expect(first.plans).to.deep.equal(['HP-1']);
    await ahead!.close();
    // Taken once only.
    expect(takeEarlyVisitsRead(visits)).to.equal(undefined);
  });

  it('lets the process end when no command takes the read (the CLI stopped before the sync ran)', async function () {
    this.timeout(60_000);
    const module = new URL('../../../src/core/sync/earlyVisitsRead.ts', import.meta.url).href;
    const script = `import(${JSON.stringify(module)}).then(({ readVisitsEarly }) => readVisitsEarly(${JSON.stringify(visits)}))`;
    // The threads read the feed ahead and wait; ended at 30 s, a process they kept running shows as killed.
    const ended = await new Promise<{ code: number | null; signal: string | null }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], { stdio: 'ignore', timeout: 30_000 });
      child.on('exit', (code, signal) => resolve({ code, signal }));
    });
    expect(ended).to.deep.equal({ code: 0, signal: null });
  });

  it('starts nothing for another command, and hands no read over for another file', async () => {
    await initHook('healthplan:doctor', ['--visits', visits]);
    expect(takeEarlyVisitsRead(visits)).to.equal(undefined);
    const { VisitsReadAhead: ReadAhead } = await import('../../../src/core/sync/visitsReadAhead.js');
    const close = sinon.spy(ReadAhead.prototype, 'close');
    try {
      await initHook('healthplan:sync', ['--visits', visits]);
      expect(takeEarlyVisitsRead(join(dir, 'other.csv'))).to.equal(undefined);
      // The read started was dropped with it, and its threads stopped.
      expect(takeEarlyVisitsRead(visits)).to.equal(undefined);
      const closes = await eventually(
        () => close.callCount,
        (calls) => calls > 0,
        5000,
        50,
      );
      expect(closes).to.equal(1);
      await close.firstCall.returnValue;
    } finally {
      close.restore();
    }
  });
});
