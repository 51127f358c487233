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
import { buildPreview, defaultLwcDir, repoRoot, type PreviewBundle } from './build.js';
import { accountPageLayout } from './flexiPage.js';
import { accountPage, accountSummaryFields, blankPage, indexPage, type AccountSummary } from './pages.js';

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
const apiVersion = 'v62.0';

class OrgClient {
  public constructor(
    private readonly instanceUrl: string,
    private readonly accessToken: string,
  ) {}

  public request(
    pathAndQuery: string,
    init: { method?: string; body?: Buffer; contentType?: string } = {},
  ): Promise<Response> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.accessToken}`, accept: 'application/json' };
    if (init.contentType) headers['content-type'] = init.contentType;
    // The REST API takes text bodies (JSON, CSV), so the body passes through as a string.
    const body = init.body?.toString('utf8');
    return fetch(new URL(pathAndQuery, this.instanceUrl), { method: init.method ?? 'GET', headers, body });
  }

  /** The org user the token belongs to, from OAuth userinfo; null when the org does not answer it. */
  public async userId(): Promise<string | null> {
    const response = await this.request('/services/oauth2/userinfo');
    if (!response.ok) return null;
    const info = (await response.json()) as { user_id?: string };
    return info.user_id ?? null;
  }

  public async query<T>(soql: string): Promise<T[]> {
    const response = await this.request(`/services/data/${apiVersion}/query?q=${encodeURIComponent(soql)}`);
    if (!response.ok) throw new Error(`Query failed (${response.status}): ${await response.text()}`);
    return ((await response.json()) as { records: T[] }).records;
  }
}

function readBody(request: http.IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(chunks.length ? Buffer.concat(chunks) : undefined));
    request.on('error', reject);
  });
}

function send(response: http.ServerResponse, status: number, contentType: string, body: string | Buffer): void {
  response.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' });
  response.end(body);
}

async function proxy(org: OrgClient, request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
  const upstream = await org.request(request.url ?? '/', {
    method: request.method,
    body: await readBody(request),
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
  const org = new OrgClient(options.instanceUrl, options.accessToken);
  const boot = fs.readFileSync(bootScript, 'utf8');
  const context = { userId: await org.userId() };

  const routes = async (request: http.IncomingMessage, response: http.ServerResponse): Promise<void> => {
    const { pathname } = new URL(request.url ?? '/', 'http://preview');
    if (pathname.startsWith('/services/data/')) return proxy(org, request, response);
    if (pathname === '/preview.js') return send(response, 200, 'text/javascript; charset=utf-8', bundle.code);
    if (pathname === '/boot.js') return send(response, 200, 'text/javascript; charset=utf-8', boot);
    if (pathname.startsWith('/assets/')) return serveAsset(pathname, response);
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
