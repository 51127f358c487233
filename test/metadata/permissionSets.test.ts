import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { XMLParser } from 'fast-xml-parser';
import { DEFAULT_FORCE_APP_DIR, loadForceAppSchema } from '../../scripts/schema/forceAppSchema.js';
import type { FieldSchema, OrgSchema } from '../../scripts/schema/types.js';
import { standardObjects } from '../../scripts/local-org/standardObjects.js';

type ObjectPermission = {
  object: string;
  allowCreate: boolean;
  allowRead: boolean;
  allowEdit: boolean;
  allowDelete: boolean;
  viewAllRecords: boolean;
  modifyAllRecords: boolean;
};
type FieldPermission = { field: string; readable: boolean; editable: boolean };
type PermissionSet = {
  objects: Record<string, ObjectPermission>;
  fields: Record<string, FieldPermission>;
  customMetadataTypes: string[];
  userPermissions: string[];
};

const ARRAYS = new Set([
  'objectPermissions',
  'fieldPermissions',
  'customMetadataTypeAccesses',
  'tabSettings',
  'userPermissions',
]);
const parser = new XMLParser({
  parseTagValue: false,
  isArray: (name) => ARRAYS.has(name),
});

function readPermissionSet(name: string): PermissionSet {
  const file = path.join(DEFAULT_FORCE_APP_DIR, 'permissionsets', `${name}.permissionset-meta.xml`);
  const root = (
    parser.parse(readFileSync(file, 'utf8')) as { PermissionSet: Record<string, Array<Record<string, string>>> }
  ).PermissionSet;
  const flags = (entry: Record<string, string>): Record<string, boolean | string> =>
    Object.fromEntries(
      Object.entries(entry).map(([key, value]) => [key, value === 'true' ? true : value === 'false' ? false : value]),
    );
  return {
    objects: Object.fromEntries(
      (root.objectPermissions ?? []).map((p) => [p.object, flags(p) as unknown as ObjectPermission]),
    ),
    fields: Object.fromEntries(
      (root.fieldPermissions ?? []).map((p) => [p.field, flags(p) as unknown as FieldPermission]),
    ),
    customMetadataTypes: (root.customMetadataTypeAccesses ?? []).filter((a) => a.enabled === 'true').map((a) => a.name),
    userPermissions: (root.userPermissions ?? []).filter((p) => p.enabled === 'true').map((p) => p.name),
  };
}

/** Fields a permission set may grant: the platform rejects field permissions on required and master-detail fields. */
function grantableFields(schema: OrgSchema): Array<{ key: string; field: FieldSchema }> {
  return Object.values(schema.objects)
    .filter((object) => object.kind !== 'customMetadata')
    .flatMap((object) => Object.values(object.fields).map((field) => ({ key: `${object.name}.${field.name}`, field })))
    .filter(({ field }) => !field.required);
}

describe('permission sets', () => {
  const schema = loadForceAppSchema();
  const sets = {
    accountManager: readPermissionSet('Health_Plan_Account_Manager'),
    sync: readPermissionSet('Health_Plan_Sync'),
    admin: readPermissionSet('Health_Plan_Admin'),
  };

  it('grant only fields that exist and that may be granted, formulas read-only', () => {
    // The standard objects of the local org stand for the standard fields a real org has.
    const standard = standardObjects().filter((object) => !schema.objects[object.name]);
    const grantable = new Map(
      grantableFields({
        ...schema,
        objects: { ...schema.objects, ...Object.fromEntries(standard.map((o) => [o.name, o])) },
      }).map(({ key, field }) => [key, field]),
    );
    for (const [setName, set] of Object.entries(sets)) {
      for (const permission of Object.values(set.fields)) {
        const field = grantable.get(permission.field);
        expect(field, `${setName}: ${permission.field}`).to.not.equal(undefined);
        expect(permission.readable, `${setName}: ${permission.field} readable`).to.equal(true);
        if (field?.formula) expect(permission.editable, `${setName}: formula ${permission.field}`).to.equal(false);
      }
    }
  });

  it('Health_Plan_Admin edits every grantable custom field and has full access to every custom object', () => {
    for (const { key, field } of grantableFields(schema)) {
      expect(sets.admin.fields[key], key).to.deep.equal({ field: key, readable: true, editable: !field.formula });
    }
    for (const object of Object.values(schema.objects).filter((o) => o.kind === 'custom')) {
      // Every custom object is a master-detail child: View All / Modify All on it would need the same on
      // its master (Account), which the set does not grant, so record access follows the master.
      expect(sets.admin.objects[object.name], object.name).to.include({
        allowCreate: true,
        allowRead: true,
        allowEdit: true,
        allowDelete: true,
        viewAllRecords: false,
        modifyAllRecords: false,
      });
    }
    expect(sets.admin.customMetadataTypes).to.include.members([
      'Risk_Factor__mdt',
      'Risk_Tier__mdt',
      'Savings_Assumption__mdt',
    ]);
  });

  it('Health_Plan_Sync never deletes, views all or modifies all', () => {
    for (const permission of Object.values(sets.sync.objects)) {
      expect(permission, permission.object).to.include({
        allowDelete: false,
        viewAllRecords: false,
        modifyAllRecords: false,
      });
    }
  });

  it('Health_Plan_Sync writes snapshots, assessments and the Account risk fields, and reads the rest', () => {
    for (const objectName of ['Utilization_Snapshot__c', 'Renewal_Risk_Assessment__c']) {
      expect(sets.sync.objects[objectName], objectName).to.include({
        allowCreate: true,
        allowRead: true,
        allowEdit: true,
      });
    }
    for (const objectName of [
      'Account',
      'Contract',
      'Account_Plan__c',
      'Account_Plan_Objective__c',
      'Plan_Stakeholder__c',
    ]) {
      expect(sets.sync.objects[objectName]?.allowRead, objectName).to.equal(true);
    }
    for (const fieldName of ['Renewal_Risk_Score__c', 'Renewal_Risk_Tier__c', 'Renewal_Risk_Scored_At__c']) {
      expect(sets.sync.fields[`Account.${fieldName}`]?.editable, fieldName).to.equal(true);
    }
    expect(sets.sync.fields['Account.Renewal_Risk_Override__c']).to.include({ readable: true, editable: false });
    for (const { key } of grantableFields(schema)) expect(sets.sync.fields[key]?.readable, key).to.equal(true);
    expect(sets.sync.customMetadataTypes).to.include.members([
      'Risk_Factor__mdt',
      'Risk_Tier__mdt',
      'Savings_Assumption__mdt',
    ]);
  });

  it('Health_Plan_Account_Manager reads everything, edits plans, objectives, stakeholders and the override only', () => {
    for (const { key } of grantableFields(schema))
      expect(sets.accountManager.fields[key]?.readable, key).to.equal(true);
    for (const objectName of ['Account_Plan__c', 'Account_Plan_Objective__c', 'Plan_Stakeholder__c']) {
      expect(sets.accountManager.objects[objectName], objectName).to.include({ allowCreate: true, allowEdit: true });
    }
    for (const objectName of ['Utilization_Snapshot__c', 'Renewal_Risk_Assessment__c']) {
      expect(sets.accountManager.objects[objectName], objectName).to.include({
        allowRead: true,
        allowCreate: false,
        allowEdit: false,
      });
    }
    // The stakeholder card reads Contact__r.FirstName, LastName (name fields: no field permission) and Title.
    expect(sets.accountManager.objects.Contact).to.include({ allowRead: true, allowEdit: false });
    expect(sets.accountManager.fields['Contact.Title']).to.deep.equal({
      field: 'Contact.Title',
      readable: true,
      editable: false,
    });
    const editableOnAccount = Object.values(sets.accountManager.fields)
      .filter((p) => p.field.startsWith('Account.') && p.editable)
      .map((p) => p.field);
    expect(editableOnAccount).to.have.members([
      'Account.Renewal_Risk_Override__c',
      'Account.Renewal_Risk_Override_Reason__c',
    ]);
  });

  it('lets reps and admins log a touch (a Task, then the stakeholder), and the sync user neither', () => {
    // Tasks are governed by the Edit Tasks user permission, not by object permissions.
    expect(sets.accountManager.userPermissions).to.deep.equal(['EditTask']);
    expect(sets.admin.userPermissions).to.deep.equal(['EditTask']);
    expect(sets.sync.userPermissions).to.deep.equal([]);
    for (const field of ['Plan_Stakeholder__c.Last_Engagement_Date__c', 'Plan_Stakeholder__c.Sentiment__c']) {
      expect(sets.accountManager.fields[field], field).to.include({ readable: true, editable: true });
      expect(sets.sync.fields[field], field).to.include({ editable: false });
    }
  });
});
