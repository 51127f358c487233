import { expect } from 'chai';
import { accessError } from '../../../src/core/org/accessError.js';

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
});
