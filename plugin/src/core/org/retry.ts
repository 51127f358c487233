/**
 * One retry policy for every call to the org: exponential backoff with full jitter on the
 * failures that go away by themselves (503, request limit, row locks, dropped connections).
 */

export type RetryPolicy = {
  /** Attempts in total, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
};

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 8, baseDelayMs: 200, maxDelayMs: 10_000 };

// Typed as sets of unknown so a value of any type can be looked up: one that is not a string (or number) is never in them.
const TRANSIENT_CODES: ReadonlySet<unknown> = new Set([
  'SERVER_UNAVAILABLE',
  'REQUEST_LIMIT_EXCEEDED',
  'UNABLE_TO_LOCK_ROW',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);
const TRANSIENT_STATUS: ReadonlySet<unknown> = new Set([502, 503, 504]);
const TRANSIENT_MESSAGE =
  /socket hang up|ECONNRESET|UNABLE_TO_LOCK_ROW|REQUEST_LIMIT_EXCEEDED|Service Unavailable|fetch failed|other side closed|terminated/i;

type ErrorShape = {
  errorCode?: unknown;
  code?: unknown;
  name?: unknown;
  statusCode?: unknown;
  status?: unknown;
  message?: unknown;
  cause?: unknown;
};

/**
 * The day's API request allocation is used up (403 `REQUEST_LIMIT_EXCEEDED` "TotalRequests Limit
 * exceeded."): it frees only as the 24-hour window moves, so another attempt in seconds cannot help,
 * unlike the concurrent-request limit that shares the code.
 */
export function isDailyLimitError(error: unknown): boolean {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' && /TotalRequests Limit exceeded/i.test(message);
}

/** True for failures worth another attempt; false for errors the same request would hit again. */
export function isTransientError(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 3) return false;
  const e = error as ErrorShape;
  if (isDailyLimitError(e)) return false;
  for (const code of [e.errorCode, e.code, e.name]) {
    if (TRANSIENT_CODES.has(code)) return true;
  }
  for (const status of [e.statusCode, e.status]) {
    if (TRANSIENT_STATUS.has(status)) return true;
  }
  if (typeof e.message === 'string' && TRANSIENT_MESSAGE.test(e.message)) return true;
  return isTransientError(e.cause, depth + 1);
}

/** Full jitter: uniformly random in [0, min(max, base × 2^attempt)]. */
export function backoffDelayMs(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.round(random() * ceiling);
}

export type RetryHooks = {
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
  isRetryable?: (error: unknown) => boolean;
};

export const sleepMs = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function withRetry<T>(
  action: (attempt: number) => Promise<T>,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  hooks: RetryHooks = {},
): Promise<T> {
  const isRetryable = hooks.isRetryable ?? isTransientError;
  const sleep = hooks.sleep ?? sleepMs;
  for (let attempt = 0; ; attempt++) {
    try {
      // eslint-disable-next-line no-await-in-loop
      return await action(attempt);
    } catch (error) {
      if (attempt + 1 >= policy.maxAttempts || !isRetryable(error)) throw error;
      const delay = backoffDelayMs(attempt, policy, hooks.random);
      hooks.onRetry?.(error, attempt + 1, delay);
      // eslint-disable-next-line no-await-in-loop
      await sleep(delay);
    }
  }
}
