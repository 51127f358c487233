/**
 * What the preview forwards to the org, decided before anything is sent: the request target must be
 * an origin-form path (`/services/...`, never `//host`, `http://host/...`, `/\host`), free of encoded
 * separators, dot segments and control characters, and match one of the calls the LDS shims make
 * (shims/orgApi.js). Writes must come from the preview's own page: `Origin` equal to the preview's
 * origin, `Sec-Fetch-Site: same-origin` when the browser sends it, and a JSON body. The forwarded
 * target is rebuilt from the parts checked here, so the org's origin is the only one ever reached.
 */
import type { IncomingHttpHeaders } from 'node:http';

export const previewApiVersion = 'v62.0';

const api = `/services/data/${previewApiVersion}`;
const NAME = '[A-Za-z][A-Za-z0-9_]{0,79}';
const RECORD_ID = '[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?';
const LOCATOR = '[A-Za-z0-9_-]{1,80}';

type Call = { method: string; path: RegExp; query?: readonly string[] };

/** Every call the shims make; `query` lists the one query parameter allowed (required). */
const calls: readonly Call[] = [
  { method: 'GET', path: /^\/query$/, query: ['q'] },
  { method: 'GET', path: new RegExp(`^/query/${LOCATOR}$`) },
  { method: 'GET', path: /^\/sobjects$/ },
  { method: 'GET', path: new RegExp(`^/sobjects/${NAME}/describe$`) },
  { method: 'POST', path: new RegExp(`^/sobjects/${NAME}$`) },
  { method: 'PATCH', path: new RegExp(`^/sobjects/${NAME}/${RECORD_ID}$`) },
  // The UI API GraphQL endpoint of shims/uiGraphQLApi.js: reads, sent as POST with a JSON body.
  { method: 'POST', path: /^\/graphql$/ },
];

export type Refusal = { status: number; reason: string };
export type Forward = { pathAndQuery: string };

/** `/services/data/v62.0/...` as the shims ask for it, or why it is refused. */
export function checkApiTarget(method: string, target: string): Forward | Refusal {
  // Origin-form only: one leading slash, then the API prefix. Absolute-form and `//host` fail here.
  if (!target.startsWith(`${api}/`) && target !== api) return { status: 404, reason: 'not an API path of the preview' };
  if (/[\\\u0000-\u0020\u007f]/.test(target))
    return { status: 400, reason: 'the request target has a forbidden character' };
  const queryAt = target.indexOf('?');
  const rawPath = target.slice(api.length, queryAt === -1 ? undefined : queryAt);
  // Names and ids never need percent-encoding; refusing it outright leaves no `%2e%2e` or `%2f` to decode.
  if (rawPath.includes('%')) return { status: 400, reason: 'the path has percent-encoded characters' };
  if (rawPath.split('/').some((segment) => segment === '.' || segment === '..')) {
    return { status: 400, reason: 'the path has a dot segment' };
  }
  const call = calls.find((candidate) => candidate.path.test(rawPath));
  if (!call) return { status: 404, reason: `the preview does not forward ${rawPath}` };
  if (call.method !== method) return { status: 405, reason: `${method} is not allowed on ${rawPath}` };
  const params = new URLSearchParams(queryAt === -1 ? '' : target.slice(queryAt + 1));
  const names = [...params.keys()];
  const allowed = call.query ?? [];
  if (names.length !== allowed.length || names.some((name, i) => name !== allowed[i])) {
    return { status: 400, reason: `the query string must be ${allowed.map((n) => `${n}=...`).join('&') || 'empty'}` };
  }
  const query = allowed.map((name) => `${name}=${encodeURIComponent(params.get(name) ?? '')}`).join('&');
  return { pathAndQuery: `${api}${rawPath}${query ? `?${query}` : ''}` };
}

const single = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? undefined : value);

/** Requests that change data must be sent by the preview's own page, with a JSON body. */
export function checkSameOrigin(method: string, headers: IncomingHttpHeaders, ownOrigin: string): Refusal | undefined {
  if (method === 'GET' || method === 'HEAD') {
    const site = single(headers['sec-fetch-site']);
    // A cross-site page may make the browser load a URL (img, script, link) but never read the answer; refuse anyway.
    return site !== undefined && site !== 'same-origin' && site !== 'none'
      ? { status: 403, reason: `a ${site} page may not read through the preview` }
      : undefined;
  }
  if (single(headers.origin) !== ownOrigin) {
    return { status: 403, reason: `writes are accepted only from the preview's own page (${ownOrigin})` };
  }
  const site = single(headers['sec-fetch-site']);
  if (site !== undefined && site !== 'same-origin') return { status: 403, reason: `a ${site} request may not write` };
  const type = single(headers['content-type']) ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    return { status: 415, reason: 'writes must send Content-Type: application/json' };
  }
  return undefined;
}

/** The request must be addressed to the preview by its own host name and port (no DNS rebinding). */
export function checkHost(headers: IncomingHttpHeaders, ownHost: string): Refusal | undefined {
  return headers.host === ownHost ? undefined : { status: 421, reason: `the preview answers only as ${ownHost}` };
}
