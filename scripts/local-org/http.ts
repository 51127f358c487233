import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { HttpError } from './errors.js';

export type ApiRequest = {
  method: string;
  /** Path with `//` collapsed and without the query string. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
};

export type ApiReply = {
  status: number;
  /** Objects and arrays are sent as JSON; strings as they are, with `contentType`. */
  body?: unknown;
  contentType?: string;
  headers?: Record<string, string>;
};

export type Handler = (request: ApiRequest, params: string[]) => ApiReply | Promise<ApiReply>;

type Route = { method: string; pattern: RegExp; handler: Handler; public: boolean };

const API = '/services/data/v(\\d+\\.\\d)';

/** Matches method and path to a handler; path patterns may use `{api}` for `/services/data/vNN.0`. */
export class Router {
  private readonly routes: Route[] = [];

  public add(method: string, pattern: string, handler: Handler, options: { public?: boolean } = {}): this {
    const source = '^' + pattern.replace('{api}', API).replace(/\{(\w+)\}/g, '([^/]+)') + '/?$';
    this.routes.push({ method, pattern: new RegExp(source), handler, public: options.public ?? false });
    return this;
  }

  public match(method: string, path: string): { route: Route; params: string[] } | undefined {
    let pathMatched = false;
    for (const route of this.routes) {
      const m = route.pattern.exec(path);
      if (!m) continue;
      pathMatched = true;
      if (route.method === method) return { route, params: m.slice(1).map((p) => decodeURIComponent(p)) };
    }
    if (pathMatched)
      throw new HttpError(405, 'METHOD_NOT_ALLOWED', `HTTP Method '${method}' not allowed. Allowed are other methods`);
    return undefined;
  }
}

export function json(status: number, body: unknown, headers?: Record<string, string>): ApiReply {
  return { status, body, ...(headers ? { headers } : {}) };
}

export function csv(status: number, body: string, headers?: Record<string, string>): ApiReply {
  return { status, body, contentType: 'text/csv', ...(headers ? { headers } : {}) };
}

function parseJsonBody(request: ApiRequest): unknown {
  const text = request.body.toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new HttpError(400, 'JSON_PARSER_ERROR', `The request body is not valid JSON: ${(error as Error).message}`);
  }
}

export function jsonObject(request: ApiRequest): Record<string, unknown> {
  const body = parseJsonBody(request);
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new HttpError(400, 'JSON_PARSER_ERROR', 'The request body must be a JSON object');
  }
  return body as Record<string, unknown>;
}

/**
 * Largest request body Salesforce takes, in bytes. REST: 50 MB of text ("Insert or Update Blob Data":
 * non-multipart requests are limited to 50 MB of text data; a real org answers
 * `Maximum size of request is 52428800 bytes.`). Bulk 2.0 upload: 150 MB once base64-encoded
 * ("Upload Job Data"), so at most 3/4 of that as CSV.
 */
export const REST_BODY_LIMIT = 52_428_800;
export const BULK_UPLOAD_LIMIT = (150 * 1024 * 1024 * 3) / 4;

export function bodyLimit(path: string): number {
  return /\/jobs\/ingest\/[^/]+\/batches\/?$/.test(path) ? BULK_UPLOAD_LIMIT : REST_BODY_LIMIT;
}

export function tooLarge(limit: number): HttpError {
  return new HttpError(
    limit === REST_BODY_LIMIT ? 400 : 413,
    limit === REST_BODY_LIMIT ? 'JSON_PARSER_ERROR' : 'EXCEEDED_MAX_SIZE_REQUEST',
    `Maximum size of request reached. Maximum size of request is ${limit} bytes.`,
  );
}

/**
 * The body, counted as it arrives and refused (HttpError) once it passes `limit` or declares more;
 * undefined when the client goes away before sending all of it.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length'] ?? 0) > limit) {
      reject(tooLarge(limit));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      refused = true;
      chunks.length = 0;
      reject(tooLarge(limit));
    });
    const finish = (): void => resolve(refused || !req.complete ? undefined : Buffer.concat(chunks));
    req.on('end', finish);
    req.on('close', finish);
    req.on('error', () => resolve(undefined));
  });
}
