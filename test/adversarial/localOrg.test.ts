/**
 * Oversized, malformed and abandoned requests against the local org, over raw sockets. The org trusts
 * the holder of its token and nobody else: the route and the session are checked before a byte of
 * the body is read, bodies are counted as they arrive and refused past Salesforce's limits, and no
 * request, however broken, stops the server.
 */
import { expect } from 'chai';
import { BULK_UPLOAD_LIMIT, REST_BODY_LIMIT } from '../../scripts/local-org/http.js';
import { startTestOrg, type TestOrg } from '../support/localOrg.js';
import { openRequest, rawGet, rawRequest } from './support/rawHttp.js';

const api = '/services/data/v62.0';

describe('local org against oversized and malformed requests', function () {
  this.timeout(120_000);
  let org: TestOrg;
  let port: number;
  let host: string;
  let auth: string;

  before(async () => {
    org = await startTestOrg();
    port = Number(new URL(org.instanceUrl).port);
    host = `127.0.0.1:${port}`;
    auth = `Authorization: Bearer ${org.accessToken}`;
  });

  after(async () => {
    await org?.stop();
  });

  /** The org still answers a normal client. */
  async function stillServes(): Promise<void> {
    const { records } = await org.conn.query<{ Id: string }>('SELECT Id FROM Account LIMIT 1');
    expect(records).to.be.an('array');
  }

  it('refuses a request without a session before reading its (declared 4 GB) body', async () => {
    const { socket, answer } = openRequest(
      port,
      [
        `POST ${api}/sobjects/Account HTTP/1.1`,
        `Host: ${host}`,
        'Content-Type: application/json',
        'Content-Length: 4294967296',
      ].join('\r\n'),
    );
    socket.write('{"Name":"');
    const reply = await answer;
    expect(reply.status).to.equal(401);
    expect(JSON.parse(reply.body)).to.deep.include({
      errorCode: 'INVALID_SESSION_ID',
      message: 'Session expired or invalid',
      fields: [],
    });
    await stillServes();
  });

  it('refuses an unknown route before reading its body', async () => {
    const { socket, answer } = openRequest(
      port,
      [`PUT ${api}/nothing/here HTTP/1.1`, `Host: ${host}`, auth, 'Content-Length: 4294967296'].join('\r\n'),
    );
    socket.write('x'.repeat(1024));
    expect((await answer).status).to.equal(404);
    await stillServes();
  });

  it('refuses a declared body over 50 MB on REST routes with Salesforce’s error', async () => {
    const { answer } = openRequest(
      port,
      [
        `POST ${api}/sobjects/Account HTTP/1.1`,
        `Host: ${host}`,
        auth,
        'Content-Type: application/json',
        `Content-Length: ${REST_BODY_LIMIT + 1}`,
      ].join('\r\n'),
    );
    const reply = await answer;
    expect(reply.status).to.equal(400);
    expect(JSON.parse(reply.body)).to.deep.equal([
      {
        message: 'Maximum size of request reached. Maximum size of request is 52428800 bytes.',
        errorCode: 'JSON_PARSER_ERROR',
        fields: [],
      },
    ]);
    await stillServes();
  });

  it('counts a chunked body as it streams in and stops it past 50 MB', async () => {
    const { socket, answer } = openRequest(
      port,
      [
        `POST ${api}/composite/sobjects HTTP/1.1`,
        `Host: ${host}`,
        auth,
        'Content-Type: application/json',
        'Transfer-Encoding: chunked',
      ].join('\r\n'),
    );
    const piece = Buffer.alloc(1 << 20, 0x20);
    let sent = 0;
    let ended = false;
    const outcome = answer.then(
      (reply) => reply,
      (error: NodeJS.ErrnoException) => error,
    );
    void outcome.then(() => (ended = true));
    // 1 MB chunks until the org ends the exchange (it must, just past 50 MB) or 80 MB went out.
    while (!ended && sent < 80 << 20 && !socket.destroyed) {
      socket.write(`${piece.length.toString(16)}\r\n`);
      socket.write(piece);
      const more = socket.write('\r\n');
      sent += piece.length;

      if (!more) await new Promise((resolve) => socket.once('drain', resolve).once('close', resolve));
    }
    const reply = await outcome;
    expect(sent, 'bytes sent before the org ended the exchange').to.be.below(80 << 20);
    // A client still sending when the org closes may get a reset before it reads the answer; when the
    // answer arrives, it is the org's own (its limit header), not the HTTP parser's.
    if (reply instanceof Error) expect(reply.code).to.be.oneOf(['EPIPE', 'ECONNRESET']);
    else {
      expect(reply.status).to.equal(400);
      expect(reply.headers).to.match(/^sforce-limit-info:/im);
    }
    await stillServes();
  });

  it('takes Bulk 2.0 uploads up to 150 MB base64 (3/4 of it as CSV) and refuses more', async () => {
    const job = await org.conn.request<{ id: string }>({
      method: 'POST',
      url: `${api}/jobs/ingest`,
      body: JSON.stringify({ object: 'Account', operation: 'insert', lineEnding: 'LF' }),
      headers: { 'content-type': 'application/json' },
    });
    const upload = (length: number) =>
      openRequest(
        port,
        [
          `PUT ${api}/jobs/ingest/${job.id}/batches HTTP/1.1`,
          `Host: ${host}`,
          auth,
          'Content-Type: text/csv',
          `Content-Length: ${length}`,
        ].join('\r\n'),
      );
    expect(BULK_UPLOAD_LIMIT).to.equal(117_964_800); // 150 × 1024 × 1024 × 3 / 4
    const over = await upload(BULK_UPLOAD_LIMIT + 1).answer;
    expect(over.status).to.equal(413);
    expect((JSON.parse(over.body) as Array<Record<string, unknown>>)[0]).to.include({
      errorCode: 'EXCEEDED_MAX_SIZE_REQUEST',
    });
    const csv = 'Name\nBulk within limit\n';
    const within = upload(csv.length);
    within.socket.write(csv);
    expect((await within.answer).status).to.equal(201);
    await stillServes();
  });

  it('answers malformed JSON with JSON_PARSER_ERROR', async () => {
    for (const body of ['{"Name":', '\u0000\u0001', '[', '{"Name":"x"}}', 'null']) {
      const reply = await rawRequest(
        port,
        [
          `POST ${api}/sobjects/Account HTTP/1.1`,
          `Host: ${host}`,
          auth,
          'Content-Type: application/json',
          `Content-Length: ${Buffer.byteLength(body)}`,
        ].join('\r\n'),
        body,
      );
      expect(reply.status, JSON.stringify(body)).to.equal(400);
      expect((JSON.parse(reply.body) as Array<{ errorCode: string }>)[0].errorCode, JSON.stringify(body)).to.equal(
        'JSON_PARSER_ERROR',
      );
    }
    await stillServes();
  });

  it('survives uploads abandoned half-way and broken request lines', async () => {
    for (let i = 0; i < 20; i++) {
      const { socket, answer } = openRequest(
        port,
        [
          `POST ${api}/sobjects/Account HTTP/1.1`,
          `Host: ${host}`,
          auth,
          'Content-Type: application/json',
          'Content-Length: 100000',
        ].join('\r\n'),
      );
      socket.write('{"Name":"half');
      socket.destroy();

      await answer.catch(() => undefined);
    }
    const garbage = await rawRequest(port, 'GARBAGE\u0000 / HTTP/9.9');
    expect(garbage.status).to.equal(400);
    const badEscape = await rawGet(port, `${api}/sobjects/%E0%A4%A/describe`, host, [auth]);
    expect(badEscape.status).to.be.within(400, 599);
    await stillServes();
    const { records } = await org.conn.query<{ Name: string }>("SELECT Name FROM Account WHERE Name LIKE 'half%'");
    expect(records, 'records from abandoned uploads').to.deep.equal([]);
  });
});
