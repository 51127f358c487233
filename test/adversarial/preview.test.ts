/**
 * Hostile request targets, hosts and origins against the preview server, over raw sockets. The
 * preview holds the org's access token; whatever is sent, the token must only ever go to the org,
 * only for the calls the page's shims make, and writes only from the preview's own page.
 */
import os from 'node:os';
import net from 'node:net';
import { expect } from 'chai';
import { startPreview, type Preview } from '../../scripts/preview/server.js';
import { startTestOrg, type TestOrg } from '../support/localOrg.js';
import { startAttacker, type Attacker } from './support/attacker.js';
import { rawGet, rawRequest, type RawAnswer } from './support/rawHttp.js';

const api = '/services/data/v62.0';

describe('preview server against hostile requests', function () {
  this.timeout(120_000);
  let org: TestOrg;
  let preview: Preview;
  let attacker: Attacker;
  let port: number;
  let host: string;
  let evil: string;

  before(async () => {
    org = await startTestOrg();
    attacker = await startAttacker();
    // No components: these tests never render a page, only talk to the server.
    preview = await startPreview({
      instanceUrl: org.instanceUrl,
      accessToken: org.accessToken,
      bundle: { code: '', components: [], sizes: [] },
    });
    port = Number(new URL(preview.url).port);
    host = `127.0.0.1:${port}`;
    evil = `127.0.0.1:${attacker.port}`;
  });

  after(async () => {
    await preview?.stop();
    await attacker?.stop();
    await org?.stop();
  });

  const post = (target: string, headers: string[], body: string): Promise<RawAnswer> =>
    rawRequest(
      port,
      [`POST ${target} HTTP/1.1`, `Host: ${host}`, `Content-Length: ${Buffer.byteLength(body)}`, ...headers].join(
        '\r\n',
      ),
      body,
    );

  async function accountCount(name: string): Promise<number> {
    const { records } = await org.conn.query<{ Id: string }>(`SELECT Id FROM Account WHERE Name = '${name}'`);
    return records.length;
  }

  it('never sends a request anywhere but the org, whatever the request target', async () => {
    const targets = [
      `//${evil}${api}/sobjects`,
      `http://${evil}${api}/sobjects`,
      `/\\${evil}${api}/sobjects`,
      `/\\/${evil}${api}/sobjects`,
      `${api}/sobjects/..//${evil}/x`,
      `${api}/%2f%2f${evil}/sobjects`,
      `${api}/sobjects/%2e%2e/%2e%2e/%2e%2e/oauth2/userinfo`,
      `${api}/sobjects/../../../oauth2/userinfo`,
      `${api}/./sobjects`,
      `${api}/sobjects/Account/describe?x=@${evil}`,
      `${api}/query?q=SELECT+Id+FROM+Account&q=2`,
      `${api}/tooling/sobjects`,
      '/services/oauth2/userinfo',
      `${api}/sobjects/Account/describe\t`,
      `${api}/sobjects/Account%00/describe`,
    ];
    for (const target of targets) {
      const answer = await rawGet(port, target, host);
      expect(attacker.seen, `${target} reached the other host`).to.deep.equal([]);
      expect(answer.status, `${target} → ${answer.status} ${answer.body.slice(0, 200)}`).to.be.within(400, 499);
    }
  });

  it('answers only under its own host name (no DNS rebinding)', async () => {
    const answer = await rawGet(port, `${api}/sobjects`, `attacker.example:${port}`);
    expect(answer.status).to.equal(421);
    expect(answer.body).not.to.include('sobjects"');
  });

  it('refuses reads a cross-site page asks for, and forwards its own page’s reads', async () => {
    const crossSite = await rawGet(port, `${api}/sobjects`, host, ['Sec-Fetch-Site: cross-site']);
    expect(crossSite.status).to.equal(403);
    const own = await rawGet(port, `${api}/query?q=${encodeURIComponent('SELECT Id FROM Account')}`, host, [
      'Sec-Fetch-Site: same-origin',
    ]);
    expect(own.status, own.body).to.equal(200);
    expect(JSON.parse(own.body)).to.have.property('records');
  });

  it('writes only for its own origin, with a JSON body, within its size limit', async () => {
    const target = `${api}/sobjects/Account`;
    const body = (name: string): string => JSON.stringify({ Name: name });
    const refused: Array<[string, string[], number]> = [
      ['no origin', ['Content-Type: application/json'], 403],
      ['other origin', [`Origin: http://${evil}`, 'Content-Type: application/json'], 403],
      ['null origin', ['Origin: null', 'Content-Type: application/json'], 403],
      ['same-site', [`Origin: http://${host}`, 'Sec-Fetch-Site: same-site', 'Content-Type: application/json'], 403],
      ['text/plain', [`Origin: http://${host}`, 'Content-Type: text/plain'], 415],
      ['form', [`Origin: http://${host}`, 'Content-Type: application/x-www-form-urlencoded'], 415],
    ];
    for (const [name, headers, status] of refused) {
      const answer = await post(target, headers, body(`Refused ${name}`));
      expect(answer.status, `${name}: ${answer.body}`).to.equal(status);

      expect(await accountCount(`Refused ${name}`), name).to.equal(0);
    }
    const patch = await rawRequest(
      port,
      [`PATCH ${api}/sobjects/Account HTTP/1.1`, `Host: ${host}`, `Origin: http://${host}`].join('\r\n'),
    );
    expect(patch.status, 'PATCH on a path the shims only POST to').to.equal(405);

    const huge = await post(
      target,
      [`Origin: http://${host}`, 'Content-Type: application/json'],
      JSON.stringify({ Name: 'x'.repeat(2 << 20) }),
    );
    expect(huge.status).to.equal(413);

    const own = await post(
      target,
      [`Origin: http://${host}`, 'Sec-Fetch-Site: same-origin', 'Content-Type: application/json'],
      body('Own page'),
    );
    expect(own.status, own.body).to.equal(201);
    expect(await accountCount('Own page')).to.equal(1);
  });

  it('forwards the GraphQL reads of its own page only, and no other path beside them', async () => {
    const query = JSON.stringify({ query: 'query { uiapi { query { Account { totalCount } } } }' });
    const crossSite = await post(`${api}/graphql`, [`Origin: http://${evil}`, 'Content-Type: application/json'], query);
    expect(crossSite.status, crossSite.body).to.equal(403);
    const own = await post(
      `${api}/graphql`,
      [`Origin: http://${host}`, 'Sec-Fetch-Site: same-origin', 'Content-Type: application/json'],
      query,
    );
    expect(own.status, own.body).to.equal(200);
    expect(JSON.parse(own.body)).to.have.nested.property('data.uiapi.query.Account.totalCount');
    const other = await post(
      `${api}/graphql/batch`,
      [`Origin: http://${host}`, 'Sec-Fetch-Site: same-origin', 'Content-Type: application/json'],
      query,
    );
    expect(other.status, other.body).to.equal(404);
  });

  it('listens on 127.0.0.1 only', async () => {
    const addresses = Object.values(os.networkInterfaces())
      .flat()
      .filter((entry): entry is os.NetworkInterfaceInfo => Boolean(entry && !entry.internal && entry.family === 'IPv4'))
      .map((entry) => entry.address);
    for (const address of [...addresses, '127.0.0.2']) {
      const error = await new Promise<NodeJS.ErrnoException | undefined>((resolve) => {
        const socket = net.connect(port, address);
        socket.on('connect', () => {
          socket.destroy();
          resolve(undefined);
        });
        socket.on('error', resolve);
      });
      expect(error?.code, `connect to ${address}:${port}`).to.equal('ECONNREFUSED');
    }
  });
});
