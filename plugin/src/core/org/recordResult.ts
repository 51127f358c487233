/** The outcome of writing one record, whatever API wrote it. */
export type RecordError = { errorCode: string; message: string; fields: string[] };

export type RecordOutcome = { ok: true } | { ok: false; error: RecordError };

/** Per-record errors that another attempt can fix. */
const TRANSIENT_RECORD_CODES = new Set(['UNABLE_TO_LOCK_ROW', 'REQUEST_LIMIT_EXCEEDED', 'SERVER_UNAVAILABLE']);

export const isTransientRecordError = (error: RecordError): boolean => TRANSIENT_RECORD_CODES.has(error.errorCode);

/** Turns a whole-request failure into the error every record of that request gets. */
export function requestFailure(error: unknown): RecordError {
  const e = error as { errorCode?: unknown; name?: unknown; code?: unknown; message?: unknown };
  const code = [e.errorCode, e.code, e.name].find((value) => typeof value === 'string' && value !== 'Error');
  return {
    errorCode: (code as string | undefined) ?? 'REQUEST_FAILED',
    message: String(e.message ?? error),
    fields: [],
  };
}
