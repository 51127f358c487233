import { randomInt } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiReply, ApiRequest, bodyLimit, readBody, Router } from './http.js';
import { HttpError, RecordError } from './errors.js';
import { decideFault, Faults, seededRandom, validateRate } from './faults.js';
import { OrgState } from './org.js';
import { registerOrg } from './authStore.js';
import { discoveryRoutes } from './routes/discovery.js';
import { queryRoutes } from './routes/query.js';
import { sobjectRoutes } from './routes/sobjects.js';
import { collectionRoutes } from './routes/collections.js';
import { bulkRoutes } from './routes/bulk.js';
import { preloadSource } from './metadata/preload.js';
import { metadataRoutes } from './metadata/routes.js';
import { authRoutes } from './auth/routes.js';
import { checkCertificate, type ConnectedApp } from './auth/jwt.js';
import { Access, accessFor, runAs } from './permissions.js';
import { graphqlRoutes } from './graphql/routes.js';

export type LocalOrgOptions = {
  port?: number;
  dbFile?: string;
  failRate?: number;
  dropRate?: number;
  latencyMs?: number;
  alias?: string;
  home?: string;
  seed?: number;
  /** A source folder (e.g. `force-app`) deployed at start-up through the org's deploy path. */
  preload?: string;
  /** Standard objects whose field history tracking is on (an org setting; custom objects say in metadata). */
  historyTracking?: string[];
  /** Connected apps the JWT bearer flow accepts: consumer key and X.509 certificate (PEM). */
  connectedApps?: ConnectedApp[];
  /** The org's daily API request allocation (`DailyApiRequests`); calls past it answer 403 `REQUEST_LIMIT_EXCEEDED`. */
  dailyApiRequests?: number;
};

export type LocalOrg = {
  instanceUrl: string;
  accessToken: string;
  username: string;
  orgId: string;
  apiUsage(): number;
  setFaults(f: { failRate?: number; dropRate?: number; latencyMs?: number }): void;
  /** Sets the daily API request allocation, as a test does to use it up after seeding. */
  setDailyApiRequests(max: number): void;
  /** Calls refused because the daily allocation was used up. */
  refusedForLimit(): number;
  /** Registers a connected app for JWT login, as an admin does in Setup by uploading its certificate. */
  addConnectedApp(app: ConnectedApp): void;
  stop(): Promise<void>;
};

/** Enterprise Edition's base daily allocation before per-licence additions. */
export const DEFAULT_DAILY_API_REQUESTS = 15000;

function sendReply(res: http.ServerResponse, reply: ApiReply, headers: Record<string, string>): void {
  const allHeaders: Record<string, string> = { ...headers, ...(reply.headers ?? {}) };
  let payload: string | undefined;
  if (reply.body !== undefined && typeof reply.body !== 'string') {
    payload = JSON.stringify(reply.body);
    allHeaders['content-type'] = 'application/json;charset=UTF-8';
  } else if (typeof reply.body === 'string') {
    payload = reply.body;
    allHeaders['content-type'] = reply.contentType ?? 'text/plain;charset=UTF-8';
  }
  res.writeHead(reply.status, allHeaders);
  res.end(payload);
}

function errorReply(error: unknown): ApiReply {
  if (error instanceof HttpError) {
    return {
      status: error.status,
      body: [{ message: error.message, errorCode: error.errorCode, fields: error.fields }],
    };
  }
  if (error instanceof RecordError) {
    return {
      status: 400,
      body: error.errors.map((e) => ({ message: e.message, errorCode: e.statusCode, fields: e.fields })),
    };
  }
  return { status: 500, body: [{ message: (error as Error).message, errorCode: 'UNKNOWN_EXCEPTION' }] };
}

function bearer(header: string | undefined): string | undefined {
  const match = /^(?:Bearer|OAuth)\s+(.+)$/i.exec(header ?? '');
  return match?.[1].trim();
}

/** Logging in is not an API call: the token endpoint stays open when the allocation is used up. */
const NOT_API_CALLS = new Set(['/services/oauth2/token']);

/** As a real org words it once the day's allocation is used ([Status Codes and Error Responses]: 403). */
function requestLimitExceeded(): HttpError {
  return new HttpError(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');
}

/**
 * Salesforce takes at most 16,384 bytes of URI and headers together: a longer URI answers 414, a longer
 * whole 431 ("Maximum number of rows returned by SOQL queries over the REST API", knowledge article
 * 000386264). Node's own parser is given room beyond that so these answers are the org's, not Node's.
 */
const MAX_URI_AND_HEADER_BYTES = 16_384;
const MAX_HEADER_BYTES = 256 * 1024;

function oversizedRequest(req: http.IncomingMessage): ApiReply | undefined {
  const uri = Buffer.byteLength(req.url ?? '');
  const page = (status: number, reason: string): ApiReply => ({
    status,
    body: `<h1>Bad Message ${status}</h1><pre>reason: ${reason}</pre>`,
    contentType: 'text/html;charset=iso-8859-1',
  });
  if (uri > MAX_URI_AND_HEADER_BYTES) return page(414, 'URI Too Long');
  let headers = 0;
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    headers += Buffer.byteLength(req.rawHeaders[i]) + Buffer.byteLength(req.rawHeaders[i + 1]) + 4;
  }
  if (uri + headers > MAX_URI_AND_HEADER_BYTES) return page(431, 'Request Header Fields Too Large');
  return undefined;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts the local org on 127.0.0.1 and, with `alias`, registers it in the sf auth store of `home`. */
export async function startLocalOrg(options: LocalOrgOptions = {}): Promise<LocalOrg> {
  let apiLimit = DEFAULT_DAILY_API_REQUESTS;
  let refusedForLimit = 0;
  const setDailyApiRequests = (max: number): void => {
    if (!Number.isInteger(max) || max < 0) throw new Error(`dailyApiRequests must be a whole number, got ${max}`);
    apiLimit = max;
  };
  setDailyApiRequests(options.dailyApiRequests ?? DEFAULT_DAILY_API_REQUESTS);
  const random = seededRandom(options.seed ?? randomInt(2 ** 31));
  const org = new OrgState(random, options.dbFile);
  for (const objectName of options.historyTracking ?? []) org.setHistoryTracking(objectName, true);
  try {
    if (options.preload) await preloadSource(org, options.preload);
  } catch (error) {
    org.close();
    throw error;
  }
  const faults: Faults = { failRate: 0, dropRate: 0, latencyMs: 0 };
  let usage = 0;
  let instanceUrl = '';

  const router = new Router();
  discoveryRoutes(
    router,
    org,
    () => instanceUrl,
    () => ({ used: usage, max: apiLimit }),
  );
  queryRoutes(router, org);
  sobjectRoutes(router, org);
  collectionRoutes(router, org);
  bulkRoutes(router, org, random);
  metadataRoutes(router, org);
  const connectedApps = (options.connectedApps ?? []).map((app) => checkCertificate(app.consumerKey, app.certificate));
  authRoutes(router, org, connectedApps, () => instanceUrl);
  graphqlRoutes(router, org);

  const limitHeader = (): Record<string, string> => ({ 'sforce-limit-info': `api-usage=${usage}/${apiLimit}` });
  /** Answers before the body is read end the connection, so an unread (maybe huge) body is never taken in. */
  const refuse = (res: http.ServerResponse, error: unknown): void =>
    sendReply(res, errorReply(error), { ...limitHeader(), connection: 'close' });

  // Route, session and size are checked before the body is read; the body is counted as it arrives.
  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const fault = decideFault(faults, random);
    if (fault === 'drop-before') {
      req.socket.destroy();
      return;
    }
    if (faults.latencyMs > 0) await sleep(faults.latencyMs);
    if (fault === 'fail') {
      refuse(res, new HttpError(503, 'SERVER_UNAVAILABLE', 'Server temporarily unavailable, please retry'));
      return;
    }
    const tooLong = oversizedRequest(req);
    if (tooLong) {
      sendReply(res, tooLong, { connection: 'close' });
      return;
    }
    const url = new URL((req.url ?? '/').replace(/\/{2,}/g, '/'), 'http://localhost');
    const method = req.method ?? 'GET';
    let matched: ReturnType<Router['match']>;
    let body: Buffer | undefined;
    let access: Access | undefined;
    try {
      matched = router.match(method, url.pathname);
      if (!matched) throw new HttpError(404, 'NOT_FOUND', 'The requested resource does not exist');
      const userId = matched.route.public ? undefined : org.sessions.userOf(bearer(req.headers.authorization));
      access = userId === undefined ? undefined : accessFor(org, userId);
      if (!matched.route.public && !access) {
        throw new HttpError(401, 'INVALID_SESSION_ID', 'Session expired or invalid');
      }
      if (usage >= apiLimit && !NOT_API_CALLS.has(url.pathname)) {
        refusedForLimit++;
        throw requestLimitExceeded();
      }
      body = await readBody(req, bodyLimit(url.pathname));
    } catch (error) {
      refuse(res, error);
      return;
    }
    if (!body) return; // The client went away before sending all of it.
    const request: ApiRequest = { method, path: url.pathname, query: url.searchParams, headers: req.headers, body };
    let reply: ApiReply;
    try {
      usage++;
      const run = (): ApiReply | Promise<ApiReply> => matched.route.handler(request, matched.params);
      reply = await (access ? runAs(access, run) : run());
    } catch (error) {
      reply = errorReply(error);
    }
    if (fault === 'drop-after') {
      req.socket.destroy();
      return;
    }
    sendReply(res, reply, limitHeader());
  };

  const server = http.createServer({ maxHeaderSize: MAX_HEADER_BYTES }, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) refuse(res, error);
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  instanceUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const stop = async (): Promise<void> => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    org.close();
  };

  if (options.alias) {
    try {
      await registerOrg({
        alias: options.alias,
        home: options.home,
        instanceUrl,
        accessToken: org.identity.accessToken,
      });
    } catch (error) {
      await stop();
      throw error;
    }
  }

  const setFaults = (f: { failRate?: number; dropRate?: number; latencyMs?: number }): void => {
    if (f.failRate !== undefined) faults.failRate = validateRate('failRate', f.failRate);
    if (f.dropRate !== undefined) faults.dropRate = validateRate('dropRate', f.dropRate);
    if (f.latencyMs !== undefined) faults.latencyMs = Math.max(0, f.latencyMs);
  };
  setFaults({ failRate: options.failRate, dropRate: options.dropRate, latencyMs: options.latencyMs });

  return {
    instanceUrl,
    accessToken: org.identity.accessToken,
    username: org.identity.username,
    orgId: org.identity.orgId,
    apiUsage: () => usage,
    setFaults,
    setDailyApiRequests,
    refusedForLimit: () => refusedForLimit,
    addConnectedApp: (app) => connectedApps.push(checkCertificate(app.consumerKey, app.certificate)),
    stop,
  };
}
