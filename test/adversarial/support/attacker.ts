/**
 * A server standing for another site: it serves the pages an attacker would put up and records every
 * request it receives, so a test can tell whether the org's token or data ever reached it.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type SeenRequest = { method: string; url: string; authorization?: string };

export type Attacker = {
  port: number;
  seen: SeenRequest[];
  /** Serves `html` at `path` from now on. */
  page(path: string, html: string): void;
  stop(): Promise<void>;
};

export async function startAttacker(): Promise<Attacker> {
  const seen: SeenRequest[] = [];
  const pages = new Map<string, string>();
  const server = http.createServer((request, response) => {
    seen.push({ method: request.method ?? '', url: request.url ?? '', authorization: request.headers.authorization });
    request.resume();
    const html = pages.get(request.url ?? '');
    response.writeHead(html === undefined ? 404 : 200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(html ?? 'nothing here');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    seen,
    page: (path, html) => pages.set(path, html),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
