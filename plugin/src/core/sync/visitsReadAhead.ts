/**
 * The reading half of the parallel visits reader (parallelVisits.ts merges): the feed's header, its
 * byte ranges, and the worker threads that read them (visitRange.ts), ahead of the merge. It needs
 * nothing from the org: the threads number the plans they meet, and the merge maps them to the org's.
 * So reading can start with the command, while the CLI is still loading and the org is asked for its
 * plans (earlyVisitsRead.ts).
 */
import { open } from 'node:fs/promises';
import os from 'node:os';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { formatOf, normalizeHeader } from './feedReader.js';
import { VISIT_COLUMNS } from './visitFields.js';
import { VisitRangeReader, type RangeResult, type RangeTask, type VisitFeedLayout } from './visitRange.js';

/** Smaller feeds are read on one thread: starting workers costs more than they save. */
export const PARALLEL_MIN_BYTES = 8 << 20;
const MAX_RANGE_BYTES = 2 << 20;
const MIN_RANGE_BYTES = 256 << 10;
const HEADER_BYTES = 1 << 16;
/** The first ranges: a thread's first rows run before its code is compiled, slowly, and a small first range is merged sooner. */
const FIRST_RANGE_BYTES = 64 << 10;
/** A worker allocates next to nothing per row: a small young generation keeps its memory small. */
// Stryker disable next-line ObjectLiteral: memory only, no result depends on it
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 2, maxOldGenerationSizeMb: 48 };

/** How the parallel reader splits its work; the defaults suit production, tests force small ranges. */
export type ParallelReadOptions = {
  /** Feeds smaller than this are read on one thread. */
  minBytes?: number;
  /** Worker threads; 0 reads the ranges on this thread, in the same way. */
  threads?: number;
  rangeBytes?: number;
  /** The reader thread's script; tests pass one that fails. */
  worker?: URL;
  /** Bits of each id's hash the id set keeps (VisitFingerprints); tests take few. */
  fingerprintBits?: number;
  /**
   * Bytes of the feed read ahead of the merge, beyond the two ranges per thread always read ahead,
   * for a feed of `feedBytes`: a read started before the merge can (earlyVisitsRead.ts) keeps a
   * thread busy meanwhile, and the others start when the merge does.
   */
  aheadBytes?: (feedBytes: number) => number;
};

/** The feed's layout and where its rows start, when its header is one plain line naming every visit column. */
async function headerLayout(
  file: string,
): Promise<{ layout: VisitFeedLayout; dataStart: number; size: number } | undefined> {
  const handle = await open(file, 'r');
  try {
    const size = (await handle.stat()).size;
    // A gzipped file's bytes, or a header past these, never name the visit columns; Buffer.alloc
    // zero-fills, so no line break is found past the bytes read. normalizeHeader drops a byte-order
    // mark and a CR as the single-threaded reader does.
    const { buffer } = await handle.read(Buffer.alloc(HEADER_BYTES), 0, HEADER_BYTES, 0);
    const newline = buffer.indexOf(10);
    if (newline === -1) return undefined;
    const text = buffer.toString('utf8', 0, newline);
    if (text.includes('"')) return undefined;
    const header = text.split(',').map(normalizeHeader);
    const named = header.filter((name) => name !== '');
    if (new Set(named).size !== named.length || VISIT_COLUMNS.some((column) => !header.includes(column))) {
      return undefined;
    }
    const indexes = VISIT_COLUMNS.map((column) => header.indexOf(column));
    return { layout: { file, width: header.length, indexes }, dataStart: newline + 1, size };
  } finally {
    // Stryker disable next-line BlockStatement: a handle left open changes no result
    await handle.close();
  }
}

/** A reader thread failed (threw, ran out of memory, stopped): the feed cannot be read in ranges. */
export class ReaderThreadError extends Error {
  public constructor(
    public readonly file: string,
    public readonly reason: Error,
  ) {
    super(`${file}: a visits reader thread failed: ${reason.message}`);
    this.name = 'ReaderThreadError';
  }
}

type Thread = {
  worker: Worker;
  waiting: Array<{ resolve: (result: RangeResult) => void; reject: (error: Error) => void }>;
  /** Why the thread stopped: its ranges waiting now, and any sent to it later, fail with this. */
  failure?: Error;
};

type Runner = {
  run: (task: RangeTask) => Promise<RangeResult>;
  /** The merge waits for the threads: they keep the process running from now on, and all of them read. */
  mergeWaits: () => void;
  close: () => Promise<void>;
};

function inThisThread(reader: VisitRangeReader): Runner {
  return {
    run: (task) => Promise.resolve(reader.read(task)),
    mergeWaits: () => undefined,
    close: () => Promise.resolve(),
  };
}

/**
 * `threads` worker threads; until the merge waits for them, only `threadsBefore` of them read, so
 * that the CLI loading meanwhile keeps a core (the others start then).
 */
function onWorkers(layout: VisitFeedLayout, threads: number, threadsBefore: number, script?: URL): Runner {
  // Under tsx (tests) this module is TypeScript, and so is its worker, which then needs tsx too.
  const extension = extname(fileURLToPath(import.meta.url));
  const url = script ?? new URL(`./visitRangeWorker${extension}`, import.meta.url);
  const startThread = (): Thread => {
    const worker =
      extension === '.ts'
        ? new Worker(
            `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(url.href)}); })`,
            { eval: true, workerData: layout, resourceLimits: WORKER_LIMITS },
          )
        : new Worker(url, { workerData: layout, resourceLimits: WORKER_LIMITS });
    const thread: Thread = { worker, waiting: [] };
    const fail = (error: Error): void => {
      thread.failure ??= error;
      thread.waiting.splice(0).forEach((w) => w.reject(thread.failure!));
    };
    worker.on('message', (result: RangeResult) => thread.waiting.shift()?.resolve(result));
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`it stopped with exit code ${code}`)));
    // After its listeners: listening for messages keeps the process running again.
    if (!merging) worker.unref();
    return thread;
  };
  const workers: Thread[] = [];
  let reading = threadsBefore;
  let merging = false;
  let turn = 0;
  return {
    run: (task): Promise<RangeResult> =>
      new Promise((resolve, reject) => {
        // Stryker disable next-line UpdateOperator: which thread reads a range changes speed, never a result
        const thread = (workers[turn++ % reading] ??= startThread());
        if (thread.failure) {
          reject(thread.failure);
          return;
        }
        thread.waiting.push({ resolve, reject });
        thread.worker.postMessage(task, task.reuse ? [task.reuse] : []);
      }),
    mergeWaits: (): void => {
      merging = true;
      reading = threads;
      workers.forEach(({ worker }) => worker.ref());
    },
    close: async (): Promise<void> => {
      await Promise.all(workers.map(({ worker }) => worker.terminate()));
    },
  };
}

/**
 * Byte ranges of about equal size, a few per thread so that none waits long for the last; the first
 * range of each thread is FIRST_RANGE_BYTES, and each thread's next one twice its last, up to that size.
 */
function rangesOf(dataStart: number, size: number, threads: number, rangeBytes?: number): RangeTask[] {
  // The range size changes speed, never a result (parallelVisits.test.ts varies it).
  // Stryker disable ArithmeticOperator,MethodExpression
  const bytes = size - dataStart;
  const each =
    rangeBytes ?? Math.min(MAX_RANGE_BYTES, Math.max(MIN_RANGE_BYTES, Math.ceil(bytes / (4 * Math.max(1, threads)))));
  const tasks: RangeTask[] = [];
  for (let from = dataStart, index = 0; from < size; index++) {
    const end = Math.min(
      size,
      from + Math.min(each, FIRST_RANGE_BYTES * 2 ** Math.floor(index / Math.max(1, threads))),
    );
    tasks.push({ index, from, end, ...(index === 0 ? { start: from } : {}) });
    from = end;
  }
  // Stryker restore ArithmeticOperator,MethodExpression
  return tasks;
}

/**
 * A feed's ranges read on worker threads ahead of the merge, which takes their results in file
 * order (`next`) and hands each back when merged (`merged`), so that another range is read into it.
 */
export class VisitsReadAhead {
  private readonly results = new Map<number, Promise<RangeResult>>();
  /** Ranges sent to be read, and taken by the merge. */
  private sent = 0;
  private taken = 0;
  private readonly minAhead: number;
  private closing?: Promise<void>;

  private constructor(
    public readonly layout: VisitFeedLayout,
    public readonly dataStart: number,
    public readonly size: number,
    public readonly tasks: RangeTask[],
    private readonly runner: Runner,
    threads: number,
    private readonly aheadBytes: number,
  ) {
    // Stryker disable next-line ArithmeticOperator: how far ahead ranges are read changes speed and memory, never a result
    this.minAhead = 2 * Math.max(1, threads);
    this.send();
  }

  /** Starts reading the feed, or undefined when it is for the single-threaded reader (NDJSON, gzipped, small, header not one plain line). */
  public static async start(file: string, options: ParallelReadOptions = {}): Promise<VisitsReadAhead | undefined> {
    if (formatOf(file) === 'ndjson') return undefined;
    const found = await headerLayout(file);
    if (!found || found.size < (options.minBytes ?? PARALLEL_MIN_BYTES)) return undefined;
    const { layout, dataStart, size } = found;
    // Stryker disable next-line MethodExpression,LogicalOperator: the thread count changes speed, never a result
    const threads = options.threads ?? Math.min(4, os.availableParallelism());
    // A read started before the merge can (aheadBytes) reads on one thread until then: the CLI is loading.
    // Stryker disable next-line ConditionalExpression: how many threads read before the merge changes speed, never a result
    const threadsBefore = options.aheadBytes ? 1 : threads;
    const runner =
      threads === 0
        ? inThisThread(new VisitRangeReader(layout))
        : onWorkers(layout, threads, threadsBefore, options.worker);
    const tasks = rangesOf(dataStart, size, threads, options.rangeBytes);
    // Stryker disable next-line LogicalOperator: how far ahead ranges are read changes speed and memory, never a result
    return new VisitsReadAhead(layout, dataStart, size, tasks, runner, threads, options.aheadBytes?.(size) ?? 0);
  }

  /** The next range's result, in file order; the merge waits for it, so the threads keep the process running. */
  public next(): Promise<RangeResult> {
    this.runner.mergeWaits();
    const index = this.taken++;
    const result = this.results.get(index)!;
    this.results.delete(index);
    return result.catch((error: Error) => {
      throw new ReaderThreadError(this.layout.file, error);
    });
  }

  /** The range taken last is merged: its id buffer is read into again. */
  public merged(result: RangeResult): void {
    this.send(result.ids.buffer);
  }

  /** Stops the threads; closing again waits for the same. */
  public close(): Promise<void> {
    this.closing ??= this.runner.close();
    return this.closing;
  }

  /** Sends ranges to be read, while fewer than `minAhead` are ahead of the merge or they hold fewer than `aheadBytes`. */
  private send(merged?: ArrayBuffer): void {
    let reuse = merged;
    while (
      this.sent < this.tasks.length &&
      // How far ahead ranges are read, and into which buffer, changes speed and memory, never a result.
      // Stryker disable next-line all: as above
      (this.sent - this.taken < this.minAhead ||
        // Stryker disable next-line all: as above
        this.tasks[this.sent].end - this.tasks[this.taken].from <= this.aheadBytes)
    ) {
      const index = this.sent++;
      // Stryker disable next-line ObjectLiteral: as above
      const result = this.runner.run(reuse ? { ...this.tasks[index], reuse } : this.tasks[index]);
      reuse = undefined;
      // Awaited in order by `next`; a failure is seen there.
      result.catch(() => undefined);
      this.results.set(index, result);
    }
  }
}
