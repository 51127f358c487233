import { expect } from 'chai';
import { withLocalOrg } from '../support/localOrg.js';

type Edge = { cursor: string; node: Record<string, { value: unknown } | string | null> };
type Connection = {
  edges: Edge[];
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
};
type Reply = { data: { uiapi: { query: Record<string, Connection> } } | null; errors?: Array<{ message: string }> };

describe('local org UI API GraphQL', () => {
  const org = withLocalOrg();

  const graphql = async (query: string, variables?: Record<string, unknown>): Promise<Reply> => {
    const res = await fetch(`${org().instanceUrl}/services/data/v62.0/graphql`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${org().accessToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    expect(res.status).to.equal(200);
    return (await res.json()) as Reply;
  };

  // Seeded so that each filter below has a known answer, worked out from this table in the test.
  const plans = Array.from({ length: 30 }, (_, i) => ({
    Name: `Plan ${String(i).padStart(2, '0')}`,
    Health_Plan_Id__c: `GQL-${i}`,
    Contract_Value__c: (i + 1) * 1000,
    Renewal_Risk_Tier__c: ['Low', 'Moderate', 'High', 'Critical'][i % 4],
    Lines_Of_Business__c: i % 3 === 0 ? 'Commercial;Medicare' : 'Medicaid',
    Renewal_Date__c: `2027-0${(i % 9) + 1}-15`,
  }));

  before(async () => {
    const results = await org().conn.sobject('Account').create(plans);
    expect(results.every((r) => r.success)).to.equal(true);
  });

  it('answers edges, nodes with value, totalCount and pageInfo, 10 records by default', async () => {
    const reply = await graphql(`
      query {
        uiapi {
          query {
            Account(where: { Health_Plan_Id__c: { like: "GQL-%" } }, orderBy: { Name: { order: ASC } }) {
              edges {
                cursor
                node {
                  Id
                  Name {
                    value
                  }
                  Contract_Value__c {
                    value
                  }
                  Owner {
                    Name {
                      value
                    }
                  }
                }
              }
              totalCount
              pageInfo {
                hasNextPage
                endCursor
              }
            }
          }
        }
      }
    `);
    expect(reply.errors).to.equal(undefined);
    const account = reply.data!.uiapi.query.Account;
    expect(account.totalCount).to.equal(30);
    expect(account.edges).to.have.length(10);
    expect(account.pageInfo.hasNextPage).to.equal(true);
    expect(account.edges[0].node.Name).to.deep.equal({ value: 'Plan 00' });
    expect(account.edges[0].node.Contract_Value__c).to.deep.equal({ value: 1000 });
    expect(account.edges[0].node.Owner).to.deep.equal({ Name: { value: 'Local Admin' } });
    expect(account.edges[0].node.Id).to.match(/^001\w{15}$/);
    // Salesforce's cursors are base64 of "v1:<index>".
    expect(Buffer.from(account.pageInfo.endCursor!, 'base64').toString()).to.equal('v1:9');
  });

  it('pages with first and after until hasNextPage is false, each record once', async () => {
    const query = `query Page($after: String) { uiapi { query { Account(first: 7, after: $after, where: { Health_Plan_Id__c: { like: "GQL-%" } }) {
      edges { node { Health_Plan_Id__c { value } } } pageInfo { hasNextPage endCursor } } } } }`;
    const seen: unknown[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const page: Connection = (await graphql(query, { after })).data!.uiapi.query.Account;
      pages++;
      seen.push(...page.edges.map((e) => (e.node.Health_Plan_Id__c as { value: unknown }).value));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(pages).to.equal(5); // 30 records in pages of 7: 7 + 7 + 7 + 7 + 2
    expect(new Set(seen).size).to.equal(30);
  });

  it('filters with and/or/in/includes/date values and sorts on several keys', async () => {
    const reply = await graphql(`
      query {
        uiapi {
          query {
            Account(
              first: 200
              where: {
                and: [
                  { Health_Plan_Id__c: { like: "GQL-%" } }
                  {
                    or: [
                      { Renewal_Risk_Tier__c: { in: ["High", "Critical"] } }
                      { Lines_Of_Business__c: { includes: ["Medicare"] } }
                    ]
                  }
                  { Renewal_Date__c: { lte: { value: "2027-05-31" } } }
                ]
              }
              orderBy: { Renewal_Risk_Tier__c: { order: DESC }, Contract_Value__c: { order: ASC } }
            ) {
              edges {
                node {
                  Health_Plan_Id__c {
                    value
                  }
                }
              }
              totalCount
            }
          }
        }
      }
    `);
    expect(reply.errors).to.equal(undefined);
    const expected = plans
      .filter(
        (p) =>
          (['High', 'Critical'].includes(p.Renewal_Risk_Tier__c) || p.Lines_Of_Business__c.includes('Medicare')) &&
          p.Renewal_Date__c <= '2027-05-31',
      )
      .sort(
        (a, b) =>
          b.Renewal_Risk_Tier__c.localeCompare(a.Renewal_Risk_Tier__c) || a.Contract_Value__c - b.Contract_Value__c,
      )
      .map((p) => p.Health_Plan_Id__c);
    const account = reply.data!.uiapi.query.Account;
    expect(account.totalCount).to.equal(expected.length);
    expect(account.edges.map((e) => (e.node.Health_Plan_Id__c as { value: unknown }).value)).to.deep.equal(expected);
  });

  it('refuses first above 2,000, unknown fields and wrong value types as validation errors', async () => {
    const tooMany = await graphql('query { uiapi { query { Account(first: 2001) { edges { node { Id } } } } } }');
    expect(tooMany.data).to.equal(null);
    expect(tooMany.errors![0].message).to.match(/first/);
    const unknown = await graphql('query { uiapi { query { Account { edges { node { Nope__c { value } } } } } } }');
    expect(unknown.errors![0].message).to.equal(
      "Validation error of type FieldUndefined: Field 'Nope__c' in type 'Account' is undefined @ 'uiapi/query/Account/edges/node/Nope__c'",
    );
    const wrongType = await graphql(
      'query { uiapi { query { Account(where: { Contract_Value__c: { gt: "lots" } }) { edges { node { Id } } } } } }',
    );
    expect(wrongType.errors![0].message).to.match(/Contract_Value__c\.gt/);
    const syntax = await graphql('query { uiapi { query { Account { edges ');
    expect(syntax.errors![0].message).to.match(/^Invalid Syntax/);
  });

  it('reads child relationships with their own first, where and orderBy, and filters through a parent', async () => {
    const [plan] = (await org().conn.query<{ Id: string }>("SELECT Id FROM Account WHERE Health_Plan_Id__c = 'GQL-0'"))
      .records;
    const days = ['2026-09-01', '2026-10-01', '2026-11-01'];
    await org()
      .conn.sobject('Renewal_Risk_Assessment__c')
      .create(
        days.map((day, i) => ({
          Account__c: plan.Id,
          Assessment_Key__c: `GQL-0|${day}`,
          Assessed_On__c: day,
          Score__c: 40 + i,
          Tier__c: 'Moderate',
        })),
        { allOrNone: true },
      );
    const reply = await graphql(`
      query {
        uiapi {
          query {
            Account(where: { Health_Plan_Id__c: { eq: "GQL-0" } }) {
              edges {
                node {
                  Name {
                    value
                  }
                  Renewal_Risk_Assessments__r(first: 2, orderBy: { Assessed_On__c: { order: DESC } }) {
                    edges {
                      node {
                        Score__c {
                          value
                        }
                        Assessed_On__c {
                          value
                        }
                      }
                    }
                    pageInfo {
                      hasNextPage
                    }
                  }
                }
              }
            }
            Renewal_Risk_Assessment__c(
              where: { Account__r: { Health_Plan_Id__c: { eq: "GQL-0" } }, Score__c: { gte: 41 } }
            ) {
              totalCount
            }
          }
        }
      }
    `);
    expect(reply.errors).to.equal(undefined);
    const node = reply.data!.uiapi.query.Account.edges[0].node as unknown as {
      Renewal_Risk_Assessments__r: Connection;
    };
    // The two latest of three, newest first; a third exists, so there is a next page.
    expect(
      node.Renewal_Risk_Assessments__r.edges.map((e) => [
        (e.node.Assessed_On__c as { value: unknown }).value,
        (e.node.Score__c as { value: unknown }).value,
      ]),
    ).to.deep.equal([
      ['2026-11-01', 42],
      ['2026-10-01', 41],
    ]);
    expect(node.Renewal_Risk_Assessments__r.pageInfo.hasNextPage).to.equal(true);
    expect(reply.data!.uiapi.query.Renewal_Risk_Assessment__c.totalCount).to.equal(2);
  });

  describe('2,000-record reach', () => {
    before(async function () {
      this.timeout(60000);
      const rows = Array.from({ length: 2010 }, (_, i) => ({ Name: `Bulk ${i}`, Health_Plan_Id__c: `BULK-${i}` }));
      for (let i = 0; i < rows.length; i += 200) {
        await org()
          .conn.sobject('Account')
          .create(rows.slice(i, i + 200), { allOrNone: true });
      }
    });

    it('reaches only the first 2,000 records without upperBound, all of them with it', async () => {
      const where = '{ Health_Plan_Id__c: { like: "BULK-%" } }';
      const plain = (
        await graphql(`query { uiapi { query { Account(first: 2000, where: ${where}) {
        edges { node { Id } } totalCount pageInfo { hasNextPage endCursor } } } } }`)
      ).data!.uiapi.query.Account;
      expect(plain.totalCount).to.equal(2010);
      expect(plain.edges).to.have.length(2000);
      expect(plain.pageInfo.hasNextPage).to.equal(false);

      const bounded = (
        await graphql(`query { uiapi { query { Account(first: 2000, upperBound: 5000, where: ${where}) {
        edges { node { Id } } pageInfo { hasNextPage endCursor } } } } }`)
      ).data!.uiapi.query.Account;
      expect(bounded.pageInfo.hasNextPage).to.equal(true);
      const rest = (
        await graphql(
          `query Next($after: String) { uiapi { query { Account(first: 2000, upperBound: 5000, after: $after, where: ${where}) {
          edges { node { Id } } pageInfo { hasNextPage } } } } }`,
          { after: bounded.pageInfo.endCursor },
        )
      ).data!.uiapi.query.Account;
      expect(rest.edges).to.have.length(10);
      expect(rest.pageInfo.hasNextPage).to.equal(false);

      const small = await graphql(`
        query {
          uiapi {
            query {
              Account(first: 50, upperBound: 5000) {
                edges {
                  node {
                    Id
                  }
                }
              }
            }
          }
        }
      `);
      expect(small.errors![0].message).to.match(/from 200 to 2000/);
    });
  });
});
