import { expect } from 'chai';
import { withLocalOrg } from '../support/localOrg.js';

describe('local org login and discovery', () => {
  const org = withLocalOrg();

  const call = (path: string, init: RequestInit = {}): Promise<Response> =>
    fetch(org().instanceUrl + path, {
      ...init,
      headers: { Authorization: `Bearer ${org().accessToken}`, ...(init.headers as Record<string, string>) },
    });

  it('lists API versions without a token, the highest last', async () => {
    const res = await fetch(`${org().instanceUrl}/services/data`);
    const versions = (await res.json()) as Array<{ version: string; url: string }>;
    expect(res.status).to.equal(200);
    expect(versions.at(-1)).to.include({ version: '62.0', url: '/services/data/v62.0' });
  });

  it('answers 401 INVALID_SESSION_ID without a valid bearer token', async () => {
    const res = await fetch(`${org().instanceUrl}/services/data/v62.0/sobjects`, {
      headers: { Authorization: 'Bearer nope' },
    });
    expect(res.status).to.equal(401);
    expect(await res.json()).to.deep.equal([
      { message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID', fields: [] },
    ]);
  });

  it('answers userinfo, identity and the User record the way sf login reads them', async () => {
    const info = (await (await call('/services/oauth2/userinfo')).json()) as Record<string, string>;
    expect(info).to.include({ organization_id: org().orgId, preferred_username: org().username });
    const identity = await org().conn.identity();
    expect(identity.username).to.equal(org().username);
    const user = await org().conn.sobject('User').retrieve(info.user_id);
    expect(user).to.include({ Username: org().username });
    const organization = await org().conn.query(
      'SELECT Name, InstanceName, IsSandbox, TrialExpirationDate, NamespacePrefix, OrganizationType FROM Organization',
    );
    expect(organization.totalSize).to.equal(1);
    expect(organization.records[0].IsSandbox).to.equal(false);
  });

  it('lists the resources of an API version', async () => {
    const resources = (await (await call('/services/data/v62.0')).json()) as Record<string, string>;
    expect(resources).to.include({ query: '/services/data/v62.0/query', jobs: '/services/data/v62.0/jobs' });
  });

  it('has a token shaped like a Salesforce session id', () => {
    expect(org().accessToken).to.match(/^00D\w{12,15}!\w+$/);
  });

  it('is not a Dev Hub and has no sandboxes', async () => {
    const res = await call(
      '/services/data/v51.0/query?q=' + encodeURIComponent('SELECT Id FROM ScratchOrgInfo limit 1'),
    );
    expect(res.status).to.equal(400);
    expect(((await res.json()) as Array<{ errorCode: string }>)[0].errorCode).to.equal('INVALID_TYPE');
    const tooling = await org().conn.tooling.query('SELECT Id FROM SandboxProcess WHERE SandboxOrganization = null');
    expect(tooling.totalSize).to.equal(0);
  });

  it('collapses // in paths and counts each API call in Sforce-Limit-Info', async () => {
    const before = org().apiUsage();
    const res = await call('//services/data/v62.0//limits');
    expect(res.status).to.equal(200);
    expect(res.headers.get('sforce-limit-info')).to.equal(`api-usage=${before + 1}/15000`);
    expect(org().apiUsage()).to.equal(before + 1);
  });

  it('answers 404 NOT_FOUND for unknown routes', async () => {
    const res = await call('/services/data/v62.0/nothing-here');
    expect(res.status).to.equal(404);
    expect(((await res.json()) as Array<{ errorCode: string }>)[0].errorCode).to.equal('NOT_FOUND');
  });
});
