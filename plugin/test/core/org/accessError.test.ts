import { expect } from 'chai';
import { accessContext, accessError, writeRefusal } from '../../../src/core/org/accessError.js';

const context = { username: 'nobody@example.com', targetOrg: 'nobody@example.com', permissionSet: 'Health_Plan_Sync' };

/** An error as jsforce throws it for an API error answer. */
function apiError(errorCode: string, message: string): Error {
  return Object.assign(new Error(message), { name: errorCode, errorCode });
}

describe('accessError', () => {
  it('names the object the user cannot read and the permission set to assign', () => {
    const error = accessError(
      apiError('INVALID_TYPE', "sObject type 'Utilization_Snapshot__c' is not supported. If you are attempting ..."),
      context,
    )!;
    expect(error.message).to.equal(
      "The running user nobody@example.com cannot read Utilization_Snapshot__c (the org answered INVALID_TYPE: sObject type 'Utilization_Snapshot__c' is not supported. If you are attempting ...).",
    );
    expect(error.actions).to.deep.equal([
      'Assign the Health_Plan_Sync permission set to that user: sf org assign permset --name Health_Plan_Sync --on-behalf-of nobody@example.com --target-org <admin org>',
      'If the user already holds it, check that the Health Plan Accounts metadata is deployed: sf healthplan doctor --target-org nobody@example.com',
    ]);
  });

  it('names the field of an unreadable column and the records a write was refused', () => {
    const field = accessError(
      apiError('INVALID_FIELD', "No such column 'Cost_Savings__c' on entity 'Utilization_Snapshot__c'. If you ..."),
      context,
    )!;
    expect(field.message).to.match(
      /^The running user nobody@example.com cannot read Utilization_Snapshot__c\.Cost_Savings__c /,
    );
    const insert = accessError(
      apiError('CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY', 'entity type cannot be inserted: Utilization Snapshot'),
      context,
    )!;
    expect(insert.message).to.match(
      /^The running user nobody@example.com cannot write new Utilization Snapshot records /,
    );
    const edit = accessError(
      apiError(
        'INVALID_FIELD_FOR_INSERT_UPDATE',
        'Unable to create/update fields: Renewal_Risk_Override__c. Please check the security settings of this field ...',
      ),
      context,
    )!;
    expect(edit.message).to.match(/cannot write Renewal_Risk_Override__c /);
  });

  it('leaves other errors alone', () => {
    expect(accessError(apiError('REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.'), context)).to.equal(
      undefined,
    );
    expect(accessError(apiError('MALFORMED_QUERY', 'unexpected token: FROM'), context)).to.equal(undefined);
    expect(accessError('not an error', context)).to.equal(undefined);
  });

  it('names a relationship the user cannot follow, and a column on an "sobject of type"', () => {
    const relationship = accessError(
      apiError(
        'INVALID_FIELD',
        "Didn't understand relationship 'Contact__r' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name.",
      ),
      context,
    )!;
    expect(relationship.message).to.match(
      /^The running user nobody@example.com cannot read the relationship Contact__r \(the org answered INVALID_FIELD: Didn't/,
    );
    const column = accessError(
      apiError('INVALID_FIELD', "No such column 'Visits__c' on sobject of type Utilization_Snapshot__c"),
      context,
    )!;
    expect(column.message).to.match(
      /cannot read Utilization_Snapshot__c\.Visits__c \(the org answered INVALID_FIELD: /,
    );
  });

  it('reads a refused write from its message whatever the code, and says what to check', () => {
    const edit = accessError(
      apiError(
        'INVALID_FIELD',
        'Unable to create/update fields: Visits__c, Cost_Savings__c. Please check the security settings of this field and verify that it is read/write for your profile or permission set.',
      ),
      context,
    )!;
    expect(edit.message).to.match(
      /^The running user nobody@example.com cannot write Visits__c, Cost_Savings__c \(the org answered INVALID_FIELD: Unable/,
    );
    expect(edit.actions).to.deep.equal([
      'Assign the Health_Plan_Sync permission set to that user: sf org assign permset --name Health_Plan_Sync --on-behalf-of nobody@example.com --target-org <admin org>',
      "Check the user's access with: sf healthplan doctor --target-org nobody@example.com",
    ]);
  });

  it('names "these records" for an insufficient-access refusal that says nothing more', () => {
    const error = accessError(
      apiError('INSUFFICIENT_ACCESS_OR_READONLY', 'insufficient access rights on object id'),
      context,
    )!;
    expect(error.message).to.equal(
      'The running user nobody@example.com cannot write these records (the org answered INSUFFICIENT_ACCESS_OR_READONLY: insufficient access rights on object id).',
    );
  });

  it('leaves a read pattern alone under another code, and reads the code from the name when there is no errorCode', () => {
    // Only INVALID_TYPE and INVALID_FIELD answers mean an unreadable object or field.
    expect(accessError(apiError('MALFORMED_QUERY', "sObject type 'X__c' is not supported"), context)).to.equal(
      undefined,
    );
    const named = Object.assign(new Error("sObject type 'Plan_Stakeholder__c' is not supported."), {
      name: 'INVALID_TYPE',
    });
    expect(accessError(named, context)!.message).to.equal(
      "The running user nobody@example.com cannot read Plan_Stakeholder__c (the org answered INVALID_TYPE: sObject type 'Plan_Stakeholder__c' is not supported.).",
    );
    const numericCode = Object.assign(new Error('insufficient access'), {
      name: 'INSUFFICIENT_ACCESS_OR_READONLY',
      errorCode: 403,
    });
    expect(accessError(numericCode, context)!.message).to.match(
      /cannot write these records \(the org answered INSUFFICIENT_ACCESS_OR_READONLY: /,
    );
  });

  it('reads the code from errorCode before the name, and leaves alone what is not an Error', () => {
    const coded = Object.assign(new Error('insufficient access rights on cross-reference id'), {
      errorCode: 'INSUFFICIENT_ACCESS_OR_READONLY',
    });
    expect(accessError(coded, context)!.message).to.equal(
      'The running user nobody@example.com cannot write these records (the org answered INSUFFICIENT_ACCESS_OR_READONLY: insufficient access rights on cross-reference id).',
    );
    expect(
      accessError({ errorCode: 'INSUFFICIENT_ACCESS_OR_READONLY', message: 'insufficient access' }, context),
    ).to.equal(undefined);
  });

  it('keeps the org’s error as the cause', () => {
    const original = apiError('INSUFFICIENT_ACCESS_OR_READONLY', 'no');
    expect(accessError(original, context)!.cause).to.equal(original);
  });
});

describe('accessContext', () => {
  it('is the org’s user, who is also the org to check, or "the running user" when the auth names none', () => {
    expect(accessContext({ getUsername: () => 'rep@example.com' }, 'Health_Plan_Sync')).to.deep.equal({
      username: 'rep@example.com',
      targetOrg: 'rep@example.com',
      permissionSet: 'Health_Plan_Sync',
    });
    expect(accessContext({ getUsername: () => undefined }, 'P')).to.deep.equal({
      username: 'the running user',
      targetOrg: 'the running user',
      permissionSet: 'P',
    });
  });
});

describe('writeRefusal', () => {
  it('says so when every refusal was for lack of a permission, naming the codes and the failures file', () => {
    const error = writeRefusal(
      ['INSUFFICIENT_ACCESS_OR_READONLY', 'INVALID_FIELD_FOR_INSERT_UPDATE', 'CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY'],
      context,
      'Utilization_Snapshot__c',
      'sync-failures.csv',
      3,
    )!;
    expect(error.message).to.equal(
      'The org refused to let nobody@example.com write Utilization_Snapshot__c (INSUFFICIENT_ACCESS_OR_READONLY, INVALID_FIELD_FOR_INSERT_UPDATE, CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY); running again will not help. The reasons per record are in sync-failures.csv.',
    );
    expect(error.exitCode).to.equal(3);
    expect(error.actions).to.deep.equal([
      'Assign the Health_Plan_Sync permission set to that user: sf org assign permset --name Health_Plan_Sync --on-behalf-of nobody@example.com --target-org <admin org>',
      "Then check the user's access with: sf healthplan doctor --target-org nobody@example.com",
    ]);
    expect(writeRefusal(['INSUFFICIENT_ACCESS_OR_READONLY'], context, 'X__c', null, 1)!.message).to.match(
      / The reasons per record are in \.$/,
    );
  });

  it('says nothing when any refusal had another reason, or there was none', () => {
    expect(writeRefusal(['INSUFFICIENT_ACCESS_OR_READONLY', 'DUPLICATE_VALUE'], context, 'X__c', 'f.csv', 3)).to.equal(
      undefined,
    );
    expect(writeRefusal([], context, 'X__c', 'f.csv', 3)).to.equal(undefined);
  });
});
