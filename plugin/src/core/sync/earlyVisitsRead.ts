/**
 * The visits feed's read, started by the CLI's init hook (hooks/init/readVisitsEarly.ts) before the
 * sync command is loaded: loading the CLI keeps one core busy for about a second, and a reader
 * thread uses the other one meanwhile. The command takes the read when its --visits names the same
 * file. A read nobody takes never keeps the process running: its threads do only once the merge
 * waits for them (VisitsReadAhead.next).
 */
import { resolve } from 'node:path';
import { VisitsReadAhead } from './visitsReadAhead.js';

/**
 * Bytes of the feed read ahead of the merge when the read starts before the command: the whole feed
 * up to EARLY_WHOLE_BYTES, else EARLY_AHEAD_BYTES. The rows read wait in memory for the merge, ~20
 * bytes each. Measured with the sync CLI against the local org (wall time, peak RSS). The 1× demo
 * feed (1.28M rows, 95 MB) read whole, 3 pairs of first run and re-run: the merge after the command
 * starts takes 130–163 ms instead of 253–270 ms (64 MiB ahead), the run ~100 ms less, with no more
 * memory. The 10× demo feed (12.8M rows, 951 MB), 6 runs each, against 1 MiB ahead (4,096 ms,
 * 222–228 MB): 64 MiB −190 ms and +15 MB, 128 MiB −250 ms and +38 MB, 256 MiB no faster and +70 MB.
 */
export const EARLY_WHOLE_BYTES = 128 << 20;
export const EARLY_AHEAD_BYTES = 64 << 20;

let started: { file: string; read: Promise<VisitsReadAhead | undefined> } | undefined;

/** Starts reading the visits feed `file` (a path as given on the command line). */
export function readVisitsEarly(file: string): void {
  const path = resolve(file);
  // A file that cannot be read is the command's to report, when it checks its flags. How far the
  // read goes ahead changes speed only.
  const read = VisitsReadAhead.start(path, {
    // Stryker disable next-line ConditionalExpression,EqualityOperator: as above
    aheadBytes: (feedBytes) => (feedBytes <= EARLY_WHOLE_BYTES ? feedBytes : EARLY_AHEAD_BYTES),
  }).catch(() => undefined);
  started = { file: path, read };
}

/** The read started for `file`, if one was; a read started for another file is stopped. */
export function takeEarlyVisitsRead(file: string): Promise<VisitsReadAhead | undefined> | undefined {
  const early = started;
  started = undefined;
  if (early?.file === resolve(file)) return early.read;
  void early?.read.then((ahead) => ahead?.close());
  return undefined;
}
