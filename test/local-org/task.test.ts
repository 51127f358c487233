import { expect } from 'chai';
import { withLocalOrg } from '../support/localOrg.js';

type SaveError = { errorCode: string; fields: string[] };

describe('local org Task', () => {
  const org = withLocalOrg();
  let accountId: string;
  let contactId: string;

  const post = async (body: Record<string, unknown>): Promise<{ status: number; json: unknown }> => {
    const res = await fetch(`${org().instanceUrl}/services/data/v62.0/sobjects/Task`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${org().accessToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as unknown };
  };

  before(async () => {
    accountId = (await org().conn.sobject('Account').create({ Name: 'Task Plan' })).id!;
    contactId = (await org().conn.sobject('Contact').create({ LastName: 'Okafor', AccountId: accountId })).id!;
  });

  it('creates a completed task on a contact and an account, closed and owned by the caller', async () => {
    const created = await post({
      Subject: 'Call: renewal prep',
      ActivityDate: '2026-11-20',
      Status: 'Completed',
      Type: 'Call',
      TaskSubtype: 'Call',
      Description: 'Walked through the savings figures.',
      WhoId: contactId,
      WhatId: accountId,
    });
    expect(created.status).to.equal(201);
    const id = (created.json as { id: string }).id;
    expect(id.slice(0, 3)).to.equal('00T');
    const [task] = (
      await org().conn.query<Record<string, unknown>>(
        `SELECT Subject, ActivityDate, Status, IsClosed, Priority, Type, TaskSubtype, WhoId, WhatId, OwnerId FROM Task WHERE WhatId = '${accountId}'`,
      )
    ).records;
    expect(task).to.include({
      Subject: 'Call: renewal prep',
      ActivityDate: '2026-11-20',
      Status: 'Completed',
      IsClosed: true,
      Priority: 'Normal',
      Type: 'Call',
      TaskSubtype: 'Call',
      WhoId: contactId,
      WhatId: accountId,
    });
    const userId = (await org().conn.identity()).user_id;
    expect(task.OwnerId).to.equal(userId);
  });

  it('defaults to an open task and refuses IsClosed, a wrong WhoId type and a changed subtype', async () => {
    const open = await post({ Subject: 'Follow up', WhatId: accountId });
    expect(open.status).to.equal(201);
    const id = (open.json as { id: string }).id;
    const read = await org().conn.sobject('Task').retrieve(id);
    expect(read).to.include({ Status: 'Not Started', IsClosed: false, TaskSubtype: 'Task' });

    const closed = await post({ Subject: 'x', IsClosed: true });
    expect((closed.json as SaveError[])[0].errorCode).to.equal('INVALID_FIELD_FOR_INSERT_UPDATE');
    const whoIsAccount = await post({ Subject: 'x', WhoId: accountId });
    expect((whoIsAccount.json as SaveError[])[0]).to.include({ errorCode: 'FIELD_INTEGRITY_EXCEPTION' });
    const subtype = await fetch(`${org().instanceUrl}/services/data/v62.0/sobjects/Task/${id}`, {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${org().accessToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ TaskSubtype: 'Call' }),
    });
    expect(subtype.status).to.equal(400);
  });

  it('describes WhoId and WhatId as polymorphic references', async () => {
    const describe = await org().conn.sobject('Task').describe();
    const who = describe.fields.find((f) => f.name === 'WhoId')!;
    const what = describe.fields.find((f) => f.name === 'WhatId')!;
    expect(who.referenceTo).to.deep.equal(['Contact']);
    expect(what.referenceTo).to.deep.equal(['Account', 'Opportunity', 'Contract', 'Case']);
    expect((what as unknown as { polymorphicForeignKey: boolean }).polymorphicForeignKey).to.equal(true);
  });
});
