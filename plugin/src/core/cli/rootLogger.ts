import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { getWriteStream, Logger, LoggerLevel } from '@salesforce/core/logger';

/** What the root logger of a standalone run does with its records. */
export type RootLoggerMode = 'file-at-exit' | 'default';

/**
 * How the plugin's own executable sets up the sf root logger. At the default level (warn) a run
 * usually logs nothing, yet @salesforce/core's file logger starts a worker thread at once and the
 * process cannot exit until that worker has started and flushed. So at warn and above the records
 * are kept in memory (secrets filtered by @salesforce/core as they are kept) and appended to the same
 * log file at exit, if there are any. A lower SF_LOG_LEVEL, DEBUG (pretty-printed to stdout) and
 * SF_DISABLE_LOG_FILE keep @salesforce/core's own behaviour.
 */
export function rootLoggerMode(env: NodeJS.ProcessEnv): RootLoggerMode {
  if (Boolean(env.DEBUG) || env.SF_DISABLE_LOG_FILE === 'true' || env.SFDX_DISABLE_LOG_FILE === 'true')
    return 'default';
  const level = env.SF_LOG_LEVEL;
  if (level === undefined) return 'file-at-exit';
  const numeric = Number(level);
  const value = Number.isNaN(numeric) ? LoggerLevel[level.toUpperCase() as keyof typeof LoggerLevel] : numeric;
  return Number(value) >= Number(LoggerLevel.WARN) ? 'file-at-exit' : 'default';
}

/** One log file line per record, as @salesforce/core's file transport writes them. */
export function logLines(records: unknown[]): string {
  return records.map((record) => `${JSON.stringify(record)}\n`).join('');
}

/** Appends the records to the log file, creating its folder; nothing when there are none. */
export function appendToLogFile(records: unknown[], destination: string): void {
  if (records.length === 0) return;
  mkdirSync(dirname(destination), { recursive: true });
  appendFileSync(destination, logLines(records));
}

/** Creates the sf root logger before anything else asks for it; call first thing in the executable. */
export function installRootLogger(env: NodeJS.ProcessEnv = process.env): RootLoggerMode {
  const mode = rootLoggerMode(env);
  if (mode === 'default') {
    Logger.getRoot();
    return mode;
  }
  const root = new Logger({ name: Logger.ROOT_NAME, level: Logger.DEFAULT_LEVEL, fields: {}, useMemoryLogger: true });
  process.once('exit', () => {
    const { destination } = (getWriteStream() as { options: { destination: string } }).options;
    try {
      appendToLogFile(root.getBufferedRecords(), destination);
    } catch {
      // A log file that cannot be written must not change the command's outcome.
    }
  });
  return mode;
}
