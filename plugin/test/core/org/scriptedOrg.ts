/**
 * Connections for unit tests of the org helpers' call sequences: each request is answered by a
 * function of the request, or with the next scripted reply (a value, or an error to throw), and is
 * kept with its options.
 */
import type { OrgConnection, OrgHttpRequest, OrgRequestOptions } from '../../../src/core/org/connection.js';

export type ScriptedOrg = OrgConnection & {
  requests: OrgHttpRequest[];
  options: Array<OrgRequestOptions | undefined>;
  /** `METHOD url` per request, the shortest way to assert a sequence. */
  calls(): string[];
};

/** Each request answered through `answer` (a value, or an Error to fail with; a throw fails too). */
export function routedOrg(answer: (request: OrgHttpRequest) => unknown): ScriptedOrg {
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
      try {
        const reply = answer(request);
        return reply instanceof Error ? Promise.reject(reply) : Promise.resolve(reply as T);
      } catch (error) {
        return Promise.reject(error);
      }
    },
  };
}

/** Each request answered with the next reply, in order; a request past the script fails. */
export const scriptedOrg = (...replies: unknown[]): ScriptedOrg =>
  routedOrg((request) => {
    if (!replies.length) throw new Error(`no reply scripted for ${request.method} ${request.url}`);
    return replies.shift();
  });

/** A failure the retry rule treats as transient, as jsforce reports a 503. */
export const unavailable = (): Error =>
  Object.assign(new Error('Service Unavailable'), { errorCode: 'SERVER_UNAVAILABLE', statusCode: 503 });

/** A dropped connection, as Node reports it. */
export const connectionReset = (): Error => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
