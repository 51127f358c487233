import { expect } from 'chai';
import { withLocalOrg } from '../support/localOrg.js';

type Rec = Record<string, unknown>;
type ChildSet = { totalSize: number; done: boolean; nextRecordsUrl?: string; records: Rec[] };
type Page = { totalSize: number; done: boolean; nextRecordsUrl?: string; records: Rec[] };

/** Contacts per Account; the names sort in this order. */
const PLAN = { 'Batch A': 300, 'Batch B': 50, 'Batch C': 0, 'Batch D': 1900 } as const;
const CHILD_SOQL =
  "SELECT Name, (SELECT LastName FROM Contacts ORDER BY LastName) FROM Account WHERE Name LIKE 'Batch %' ORDER BY Name";

describe('local org query batches count child rows as Salesforce does', () => {
  const org = withLocalOrg();

  const get = (url: string, batchSize?: number): Promise<Page> =>
    org().conn.request<Page>({
      method: 'GET',
      url,
      headers: batchSize ? { 'Sforce-Query-Options': `batchSize=${batchSize}` } : {},
    });
  const soqlUrl = (soql: string): string => `/services/data/v62.0/query?q=${encodeURIComponent(soql)}`;
  const refusal = async (url: string): Promise<{ errorCode: string; message: string }> => {
    try {
      await get(url);
    } catch (error) {
      return error as { errorCode: string; message: string };
    }
    throw new Error(`expected ${url} to be refused`);
  };
  /** Every child row of a set, reading its own nextRecordsUrl pages. */
  const allChildren = async (set: ChildSet, batchSize?: number): Promise<string[]> => {
    const names = set.records.map((r) => String(r.LastName));
    let next = set.done ? undefined : set.nextRecordsUrl;
    while (next) {
      const page = await get(next, batchSize);
      names.push(...page.records.map((r) => String(r.LastName)));
      next = page.done ? undefined : page.nextRecordsUrl;
    }
    return names;
  };
  const contactNames = (account: string, n: number): string[] =>
    Array.from({ length: n }, (_, i) => `${account} ${String(i).padStart(4, '0')}`);

  before(async function () {
    this.timeout(60_000);
    const conn = org().conn;
    const contacts: Rec[] = [];
    for (const [name, count] of Object.entries(PLAN)) {
      const account = await conn.sobject('Account').create({ Name: name });
      contacts.push(...contactNames(name, count).map((LastName) => ({ LastName, AccountId: account.id })));
    }
    for (let i = 0; i < contacts.length; i += 200)
      await conn.sobject('Contact').create(contacts.slice(i, i + 200), { allOrNone: true });
  });

  it('inlines at most 200 children per parent and pages the rest through the child set', async () => {
    // Default batch of 2,000: A (1 + 200 inline) + B (1 + 50) + C (1) + D (1 + 200) = 454 rows, one batch.
    const page = await get(soqlUrl(CHILD_SOQL));
    expect(page.done).to.equal(true);
    expect(page.records.map((r) => r.Name)).to.deep.equal(Object.keys(PLAN));
    const [a, b, c, d] = page.records.map((r) => r.Contacts as ChildSet | null);
    expect([a!.totalSize, a!.done, a!.records.length]).to.deep.equal([300, false, 200]);
    expect([b!.totalSize, b!.done, b!.records.length, b!.nextRecordsUrl]).to.deep.equal([50, true, 50, undefined]);
    expect(c).to.equal(null);
    expect([d!.totalSize, d!.done, d!.records.length]).to.deep.equal([1900, false, 200]);
    expect(await allChildren(a!)).to.deep.equal(contactNames('Batch A', 300));
    expect(await allChildren(d!)).to.deep.equal(contactNames('Batch D', 1900));
  });

  it('counts child rows toward a batchSize of 200 and releases child cursors on the next parent batch', async () => {
    // batchSize=200: A alone (1 + 199 children cut to fit); then B and C (1 + 50 + 1 = 52; D's 201 would not
    // fit); then D alone (1 + 199).
    const first = await get(soqlUrl(CHILD_SOQL), 200);
    expect(first.totalSize).to.equal(4);
    expect(first.records.map((r) => r.Name)).to.deep.equal(['Batch A']);
    const a = first.records[0].Contacts as ChildSet;
    expect([a.totalSize, a.done, a.records.length]).to.deep.equal([300, false, 199]);
    expect(await allChildren(a, 200)).to.deep.equal(contactNames('Batch A', 300));

    const second = await get(first.nextRecordsUrl!, 200);
    expect(second.records.map((r) => r.Name)).to.deep.equal(['Batch B', 'Batch C']);
    const third = await get(second.nextRecordsUrl!, 200);
    expect(third.done).to.equal(true);
    const d = third.records[0].Contacts as ChildSet;
    expect([third.records[0].Name, d.records.length, d.done]).to.deep.equal(['Batch D', 199, false]);
    // 1,900 - 199 = 1,701 rows left: eight batches of 200 and one of 101.
    let next = d.nextRecordsUrl;
    const sizes: number[] = [];
    while (next) {
      const page = await get(next, 200);
      sizes.push(page.records.length);
      next = page.done ? undefined : page.nextRecordsUrl;
    }
    expect(sizes).to.deep.equal([200, 200, 200, 200, 200, 200, 200, 200, 101]);

    // A child cursor read after its parent moved on is gone, as on Salesforce.
    const again = await get(soqlUrl(CHILD_SOQL), 200);
    const stale = (again.records[0].Contacts as ChildSet).nextRecordsUrl!;
    await get(again.nextRecordsUrl!, 200);
    expect((await refusal(stale)).errorCode).to.equal('INVALID_QUERY_LOCATOR');
  });

  it('answers COUNT() in one call, done, without a nextRecordsUrl', async () => {
    const count = await get(soqlUrl("SELECT COUNT() FROM Contact WHERE LastName LIKE 'Batch %'"));
    expect(count).to.deep.equal({ totalSize: 2250, done: true, records: [] });
  });

  it('answers grouped fields under their alias and refuses aliases outside aggregate queries', async () => {
    const grouped = await get(
      soqlUrl(
        "SELECT Account.Name acct, COUNT(Id) total FROM Contact WHERE LastName LIKE 'Batch %' GROUP BY Account.Name ORDER BY acct DESC",
      ),
    );
    expect(grouped.records.map(({ attributes, ...rest }) => (void attributes, rest))).to.deep.equal([
      { acct: 'Batch D', total: 1900 },
      { acct: 'Batch B', total: 50 },
      { acct: 'Batch A', total: 300 },
    ]);
    const refused = await refusal(soqlUrl('SELECT Name n FROM Account'));
    expect(refused.errorCode).to.equal('MALFORMED_QUERY');
  });

  it('refuses an OFFSET beyond 2,000 and OFFSET in a subquery without LIMIT 1', async () => {
    const offset = await refusal(soqlUrl('SELECT Id FROM Contact LIMIT 10 OFFSET 2001'));
    expect(offset.errorCode).to.equal('NUMBER_OUTSIDE_VALID_RANGE');
    const ok = await get(soqlUrl('SELECT Id FROM Contact LIMIT 1 OFFSET 2000'));
    expect(ok.records).to.have.length(1);
    const sub = await refusal(soqlUrl('SELECT Name, (SELECT Id FROM Contacts LIMIT 5 OFFSET 1) FROM Account'));
    expect(sub.errorCode).to.equal('MALFORMED_QUERY');
    const subOk = await get(
      soqlUrl(
        "SELECT Name, (SELECT LastName FROM Contacts ORDER BY LastName LIMIT 2 OFFSET 1) FROM Account WHERE Name = 'Batch B' LIMIT 1",
      ),
    );
    expect((subOk.records[0].Contacts as ChildSet).records.map((r) => r.LastName)).to.deep.equal(
      contactNames('Batch B', 3).slice(1),
    );
  });
});
