/**
 * Serves the preview: the compiled components, SLDS, an index of accounts, one record page per
 * Account, and `/services/data/...` proxied to the org with the access token added on the way, so the
 * browser never holds the token and every call is same-origin.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkApiTarget, checkHost, checkSameOrigin, previewApiVersion, type Refusal } from './apiGuard.js';
import { buildPreview, defaultLwcDir, repoRoot, type PreviewBundle } from './build.js';
import { accountPageLayout, pageLayoutOfType, type PageLayout } from './flexiPage.js';
import { accountPage, accountSummaryFields, appPage, blankPage, indexPage, type AccountSummary } from './pages.js';

export type PreviewOptions = {
  instanceUrl: string;
  accessToken: string;
  /** 0 or absent picks a free port. */
  port?: number;
  /** An already built bundle (tests build once); otherwise the preview builds one at start. */
  bundle?: PreviewBundle;
  lwcDir?: string;
  mode?: 'development' | 'production';
};

export type Preview = { url: string; bundle: PreviewBundle; stop(): Promise<void> };

const sldsAssets = path.join(repoRoot, 'node_modules', '@salesforce-ux', 'design-system', 'assets');
const bootScript = path.join(path.dirname(fileURLToPath(import.meta.url)), 'client', 'boot.js');
const contentTypes: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.gif': 'image/gif',
};
/** The shims write one record at a time; nothing they send comes near this. */
const maxBodyBytes = 1 << 20;

class OrgClient {
  private readonly origin: string;

  public constructor(
    instanceUrl: string,
    private readonly accessToken: string,
  ) {
    this.origin = new URL(instanceUrl).origin;
  }

  public request(
    pathAndQuery: string,
    init: { method?: string; body?: Buffer; contentType?: string } = {},
  ): Promise<Response> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.accessToken}`, accept: 'application/json' };
    if (init.contentType) headers['content-type'] = init.contentType;
    // The REST API takes text bodies (JSON, CSV), so the body passes through as a string.
    const body = init.body?.toString('utf8');
    // Only ever the org's own origin: the path is appended, never resolved (`//host` would change the host).
    const url = new URL(this.origin + pathAndQuery);
    if (!pathAndQuery.startsWith('/') || url.origin !== this.origin)
      throw new Error(`not an org path: ${pathAndQuery}`);
    return fetch(url, { method: init.method ?? 'GET', headers, body, redirect: 'manual' });
  }

  /** The org user the token belongs to, from OAuth userinfo; null when the org does not answer it. */
  public async userId(): Promise<string | null> {
    const response = await this.request('/services/oauth2/userinfo');
    if (!response.ok) return null;
    const info = (await response.json()) as { user_id?: string };
    return info.user_id ?? null;
  }

  public async query<T>(soql: string): Promise<T[]> {
    const response = await this.request(`/services/data/${previewApiVersion}/query?q=${encodeURIComponent(soql)}`);
    if (!response.ok) throw new Error(`Query failed (${response.status}): ${await response.text()}`);
    return ((await response.json()) as { records: T[] }).records;
  }
}

class BodyTooLarge extends Error {}

function readBody(request: http.IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    if (Number(request.headers['content-length'] ?? 0) > maxBodyBytes) {
      reject(new BodyTooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) {
        request.removeAllListeners('data');
        reject(new BodyTooLarge());
      } else chunks.push(chunk);
    });
    request.on('end', () => resolve(chunks.length ? Buffer.concat(chunks) : undefined));
    request.on('error', reject);
  });
}

function send(response: http.ServerResponse, status: number, contentType: string, body: string | Buffer): void {
  response.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' });
  response.end(body);
}

function refuse(response: http.ServerResponse, refusal: Refusal): void {
  response.writeHead(refusal.status, {
    'content-type': 'application/json',
    'cache-control': 'no-store',
    connection: 'close',
  });
  response.end(JSON.stringify([{ errorCode: 'PREVIEW_REFUSED', message: refusal.reason }]));
}

async function proxy(
  org: OrgClient,
  ownOrigin: string,
  request: http.IncomingMessage,
  response: http.ServerResponse,
): Promise<void> {
  const method = request.method ?? 'GET';
  const target = checkApiTarget(method, request.url ?? '');
  if ('reason' in target) return refuse(response, target);
  const crossSite = checkSameOrigin(method, request.headers, ownOrigin);
  if (crossSite) return refuse(response, crossSite);
  let requestBody: Buffer | undefined;
  try {
    requestBody = await readBody(request);
  } catch (error) {
    if (!(error instanceof BodyTooLarge)) throw error;
    return refuse(response, { status: 413, reason: `the body is larger than ${maxBodyBytes} bytes` });
  }
  const upstream = await org.request(target.pathAndQuery, {
    method,
    body: requestBody,
    contentType: request.headers['content-type'],
  });
  const body = Buffer.from(await upstream.arrayBuffer());
  response.writeHead(upstream.status, {
    'content-type': upstream.headers.get('content-type') ?? 'application/json',
    'cache-control': 'no-store',
  });
  response.end(body);
}

function serveAsset(urlPath: string, response: http.ServerResponse): void {
  const file = path.resolve(sldsAssets, decodeURIComponent(urlPath.slice('/assets/'.length)));
  if (!file.startsWith(sldsAssets + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
    send(response, 404, 'text/plain; charset=utf-8', 'Not found');
    return;
  }
  response.writeHead(200, {
    'content-type': contentTypes[path.extname(file)] ?? 'application/octet-stream',
    'cache-control': 'max-age=3600',
  });
  fs.createReadStream(file).pipe(response);
}

export async function startPreview(options: PreviewOptions): Promise<Preview> {
  const lwcDir = path.resolve(options.lwcDir ?? defaultLwcDir);
  const bundle = options.bundle ?? (await buildPreview({ lwcDir, mode: options.mode }));
  const layout = accountPageLayout(path.join(lwcDir, '..', 'flexipages'), bundle.components);
  const flexipageDir = path.join(lwcDir, '..', 'flexipages');
  const appPages = new Map<string, PageLayout>();
  for (const [route, type] of [
    ['/portfolio', 'AppPage'],
    ['/home', 'HomePage'],
  ] as const) {
    const page = pageLayoutOfType(flexipageDir, type);
    if (page) appPages.set(route, page);
  }

  const org = new OrgClient(options.instanceUrl, options.accessToken);
  const boot = fs.readFileSync(bootScript, 'utf8');
  const context = { userId: await org.userId() };

  let ownHost = '';
  const routes = async (request: http.IncomingMessage, response: http.ServerResponse): Promise<void> => {
    const wrongHost = checkHost(request.headers, ownHost);
    if (wrongHost) return refuse(response, wrongHost);
    const target = request.url ?? '';
    // Origin-form targets only: `//host/...`, `/\host` and `http://host/...` never reach the routes.
    if (!target.startsWith('/') || target.startsWith('//') || target.includes('\\')) {
      return refuse(response, { status: 400, reason: 'the request target must be a path on this server' });
    }
    const { pathname } = new URL(target, 'http://preview');
    if (target.startsWith('/services/')) return proxy(org, `http://${ownHost}`, request, response);
    if (pathname === '/preview.js') return send(response, 200, 'text/javascript; charset=utf-8', bundle.code);
    if (pathname === '/boot.js') return send(response, 200, 'text/javascript; charset=utf-8', boot);
    if (pathname.startsWith('/assets/')) return serveAsset(pathname, response);
    const appLayout = appPages.get(pathname);
    if (appLayout) return send(response, 200, 'text/html; charset=utf-8', appPage(appLayout, lwcDir, context));
    if (pathname === '/blank') return send(response, 200, 'text/html; charset=utf-8', blankPage(context));
    if (pathname === '/') {
      const accounts = await org.query<AccountSummary>(
        `SELECT ${accountSummaryFields.join(', ')} FROM Account ORDER BY Name LIMIT 500`,
      );
      return send(response, 200, 'text/html; charset=utf-8', indexPage(accounts));
    }
    const account = /^\/account\/([A-Za-z0-9]{15,18})$/.exec(pathname);
    if (account) {
      const [summary] = await org.query<AccountSummary>(
        `SELECT ${accountSummaryFields.join(', ')} FROM Account WHERE Id = '${account[1]}'`,
      );
      if (!summary) return send(response, 404, 'text/plain; charset=utf-8', `No Account ${account[1]} in the org`);
      return send(response, 200, 'text/html; charset=utf-8', accountPage(summary, layout, lwcDir, context));
    }
    send(response, 404, 'text/plain; charset=utf-8', 'Not found');
  };

  const server = http.createServer((request, response) => {
    routes(request, response).catch((error: unknown) => {
      if (!response.headersSent) {
        send(response, 502, 'text/plain; charset=utf-8', `Preview could not reach the org: ${String(error)}`);
      } else {
        response.destroy();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  ownHost = `127.0.0.1:${port}`;
  return {
    url: `http://127.0.0.1:${port}`,
    bundle,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
