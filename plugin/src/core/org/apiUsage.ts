/**
 * Counts the API calls a job makes from the org's own `Sforce-Limit-Info: api-usage=N/LIMIT`
 * header, so the number reported is the number the org charges, including retries and polls.
 */
import type { OrgConnection } from './connection.js';

export type ApiUsage = { used: number; limit: number };

/** What jsforce's Connection keeps from the last response's `Sforce-Limit-Info` header. */
export type LimitInfoSource = { limitInfo?: { apiUsage?: ApiUsage } };

export function parseLimitInfo(header: string | undefined | null): ApiUsage | undefined {
  // Stryker disable next-line StringLiteral: equivalent, no text a mutant puts there holds api-usage
  const match = /(?:^|[;,\s])api-usage=(\d+)\/(\d+)/.exec(header ?? '');
  return match ? { used: Number(match[1]), limit: Number(match[2]) } : undefined;
}

/**
 * The org counts every call, so the calls made are the last usage seen minus the usage before
 * the first call — which is the first usage seen minus that first call. Calls answered together
 * may all report the usage of the last one (the connection keeps one), so every call the org
 * answered counts at least once. A call that failed on the way (reset, timeout) counts only as
 * the org's usage tells: the org may or may not have seen it.
 */
export class ApiUsageMeter {
  private first: number | undefined;
  private last: number | undefined;
  private answers = 0;

  public constructor(private readonly source: LimitInfoSource) {}

  /** Calls made since the first observed one; 0 when the org never sent the header. */
  public get calls(): number {
    // observe() sets both or neither, so with neither set this is 0 - 0.
    return Math.max(this.answers, (this.last ?? 0) - (this.first ?? 0));
  }

  /** Reads the usage the last response reported; call after every request, `answered` when the org answered it. */
  public observe(answered = true): void {
    const used = this.source.limitInfo?.apiUsage?.used;
    if (used === undefined) return;
    if (answered) this.answers++;
    this.first = Math.min(this.first ?? used, used - 1);
    this.last = Math.max(this.last ?? used, used);
  }
}

/** jsforce gives every error the org answered an errorCode (the body's, or ERROR_HTTP_<status>); a call that failed on the way has none. */
const orgAnswered = (error: unknown): boolean =>
  typeof (error as { errorCode?: unknown } | null)?.errorCode === 'string';

/** The same connection, with every response's usage handed to `meter`. */
export function meteredConnection(conn: OrgConnection, meter: ApiUsageMeter): OrgConnection {
  return {
    get limitInfo(): LimitInfoSource['limitInfo'] {
      return conn.limitInfo;
    },
    async request<T>(...args: Parameters<OrgConnection['request']>): Promise<T> {
      let answered = false;
      try {
        const result = await conn.request<T>(...args);
        answered = true;
        return result;
      } catch (error) {
        answered = orgAnswered(error);
        throw error;
      } finally {
        meter.observe(answered);
      }
    },
  };
}
