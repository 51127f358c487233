/**
 * The part of a jsforce Connection the org helpers use, so they run against `sf`'s Connection,
 * a plain jsforce one, or a fake in unit tests. Relative URLs resolve against
 * `/services/data/vNN.0`, as jsforce does.
 */
import type { LimitInfoSource } from './apiUsage.js';

export type OrgHttpRequest = {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: string;
  body?: string;
  headers?: Record<string, string>;
};

/**
 * `retry` reaches jsforce's own fetch retry; `maxRetries: 0` turns it off for a call whose body
 * it cannot send twice (see `bulkIngest.ts`).
 */
export type OrgRequestOptions = { responseType?: string; retry?: { maxRetries: number } };

export type OrgConnection = LimitInfoSource & {
  request<T = unknown>(request: OrgHttpRequest, options?: OrgRequestOptions): Promise<T>;
};

export const jsonRequest = (method: OrgHttpRequest['method'], url: string, body?: unknown): OrgHttpRequest => ({
  method,
  url,
  ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } }),
});

/** Thrown when the org has not answered in time; transient, so the call is retried. */
export class RequestTimeoutError extends Error {
  public readonly code = 'ETIMEDOUT';
  public constructor(request: OrgHttpRequest, ms: number) {
    super(`${request.method} ${request.url.split('?')[0]} got no answer in ${ms} ms`);
    this.name = 'RequestTimeoutError';
  }
}

/**
 * The same connection with a deadline on each call: a connection that stays open without an
 * answer would otherwise stall the whole run (jsforce retries a PUT whose connection dropped by
 * sending its already-consumed body again, and then waits forever). Uploads get 1 ms more per KB.
 */
export function deadlineConnection(conn: OrgConnection, ms: number): OrgConnection {
  return {
    get limitInfo(): OrgConnection['limitInfo'] {
      return conn.limitInfo;
    },
    request<T>(request: OrgHttpRequest, options?: OrgRequestOptions): Promise<T> {
      const limit = ms + (request.method === 'PUT' ? Math.ceil((request.body?.length ?? 0) / 1024) : 0);
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new RequestTimeoutError(request, limit)), limit);
      });
      return Promise.race([conn.request<T>(request, options), deadline]).finally(() => clearTimeout(timer));
    },
  };
}
