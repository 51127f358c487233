/** Worker thread of the parallel visits reader: reads the byte ranges it is sent (visitRange.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import { VisitRangeReader, type RangeTask, type VisitFeedLayout } from './visitRange.js';

const reader = new VisitRangeReader(workerData as VisitFeedLayout);
parentPort!.on('message', (task: RangeTask) => {
  const result = reader.read(task);
  parentPort!.postMessage(result, [result.ids.buffer, result.totals.buffer]);
});
