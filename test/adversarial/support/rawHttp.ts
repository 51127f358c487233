/**
 * HTTP requests written byte for byte, as a hostile client sends them: request targets no URL class
 * would produce (`//host`, absolute-form, backslashes), lying headers, bodies cut off mid-way.
 */
import net from 'node:net';

export type RawAnswer = { status: number; headers: string; body: string };

function dechunk(body: string): string {
  let out = '';
  let at = 0;
  for (;;) {
    const lineEnd = body.indexOf('\r\n', at);
    const size = lineEnd === -1 ? 0 : parseInt(body.slice(at, lineEnd), 16);
    if (!size) return out;
    out += body.slice(lineEnd + 2, lineEnd + 2 + size);
    at = lineEnd + 2 + size + 2;
  }
}

/** The status line's code, the headers and the body of `text` (the whole answer of one request). */
function parseAnswer(text: string): RawAnswer {
  const split = text.indexOf('\r\n\r\n');
  const head = split === -1 ? text : text.slice(0, split);
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0);
  const body = split === -1 ? '' : text.slice(split + 4);
  return { status, headers: head, body: /^transfer-encoding: chunked/im.test(head) ? dechunk(body) : body };
}

export type OpenRequest = { socket: net.Socket; answer: Promise<RawAnswer> };

/**
 * Sends `head` (request line and headers, no final blank line) and leaves the socket open for the body;
 * `answer` is whatever the server sent once it closes the connection (a reset after an answer still counts).
 */
export function openRequest(port: number, head: string): OpenRequest {
  const socket = net.connect(port, '127.0.0.1');
  const chunks: Buffer[] = [];
  const answer = new Promise<RawAnswer>((resolve, reject) => {
    const settle = (error?: Error): void => {
      if (chunks.length) resolve(parseAnswer(Buffer.concat(chunks).toString('utf8')));
      else reject(error ?? new Error(`no answer to ${head.split('\r\n')[0]}`));
    };
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('close', () => settle());
    socket.on('error', settle);
    socket.setTimeout(30_000, () => socket.destroy(new Error(`no answer in 30 s to ${head.split('\r\n')[0]}`)));
  });
  socket.write(`${head}\r\nConnection: close\r\n\r\n`);
  return { socket, answer };
}

/** Sends `head` and `body`, then reads until the server closes. */
export function rawRequest(port: number, head: string, body: string | Buffer = ''): Promise<RawAnswer> {
  const { socket, answer } = openRequest(port, head);
  socket.write(body);
  return answer;
}

/** `GET target` with the given Host and extra header lines. */
export function rawGet(port: number, target: string, host: string, extra: string[] = []): Promise<RawAnswer> {
  return rawRequest(port, [`GET ${target} HTTP/1.1`, `Host: ${host}`, ...extra].join('\r\n'));
}
