/**
 * A reader thread that fails (parallelVisits.test.ts): it reads its first `after` ranges as the real
 * one does, then, as the URL's `mode` says, throws, exits, or runs out of memory on the next one;
 * `quit` exits right after answering the last of them, before it is sent more.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { VisitRangeReader, type RangeTask, type VisitFeedLayout } from '../../../src/core/sync/visitRange.js';

const query = new URL(import.meta.url).searchParams;
const mode = query.get('mode');
let left = Number(query.get('after') ?? 0);
const reader = new VisitRangeReader(workerData as VisitFeedLayout);
const hoard: number[][] = [];

parentPort!.on('message', (task: RangeTask) => {
  if (left-- > 0) {
    const result = reader.read(task);
    parentPort!.postMessage(result, [result.ids.buffer, result.totals.buffer]);
    if (mode === 'quit' && left === 0) process.exit(0);
    return;
  }
  if (mode === 'exit') process.exit(7);
  if (mode === 'memory') for (;;) hoard.push(Array.from({ length: 1 << 16 }, (_, i) => i + 0.5));
  throw new Error(`planted failure in range ${task.index}`);
});
