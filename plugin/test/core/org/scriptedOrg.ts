/**
 * A connection that answers each request with the next scripted reply (a value, or an error to throw),
 * and keeps every request with its options, for unit tests of the org helpers' call sequences.
 */
import type { OrgConnection, OrgHttpRequest, OrgRequestOptions } from '../../../src/core/org/connection.js';

export type ScriptedOrg = OrgConnection & {
  requests: OrgHttpRequest[];
  options: Array<OrgRequestOptions | undefined>;
  /** `METHOD url` per request, the shortest way to assert a sequence. */
  calls(): string[];
};

export function scriptedOrg(...replies: unknown[]): ScriptedOrg {
  const requests: OrgHttpRequest[] = [];
  const options: Array<OrgRequestOptions | undefined> = [];
  return {
    requests,
    options,
    limitInfo: undefined,
    calls: () => requests.map((request) => `${request.method} ${request.url}`),
    request<T>(request: OrgHttpRequest, requestOptions?: OrgRequestOptions): Promise<T> {
      requests.push(request);
      options.push(requestOptions);
      if (!replies.length) return Promise.reject(new Error(`no reply scripted for ${request.method} ${request.url}`));
      const reply = replies.shift();
      return reply instanceof Error ? Promise.reject(reply) : Promise.resolve(reply as T);
    },
  };
}

/** A failure the retry rule treats as transient, as jsforce reports a 503. */
export const unavailable = (): Error =>
  Object.assign(new Error('Service Unavailable'), { errorCode: 'SERVER_UNAVAILABLE', statusCode: 503 });

/** A dropped connection, as Node reports it. */
export const connectionReset = (): Error => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
