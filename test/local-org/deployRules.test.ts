import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { OrgState } from '../../scripts/local-org/org.js';
import { seededRandom } from '../../scripts/local-org/faults.js';
import { findObject } from '../../scripts/local-org/model.js';
import { sourcePackage } from '../../scripts/local-org/metadata/preload.js';
import type { DeployJob, DeployOptions } from '../../scripts/local-org/metadata/deploy.js';
import { FORCE_APP, forceAppCopy } from '../support/localOrg.js';

/**
 * Each rule: a copy of force-app broken the way an admin could break it, deployed through the org's deploy
 * path, and the component failure Salesforce reports for it. The end-to-end path through `sf project deploy
 * start` is in deploy.test.ts.
 */

const OPTIONS: DeployOptions = {
  checkOnly: false,
  ignoreWarnings: false,
  rollbackOnError: true,
  testLevel: 'NoTestRun',
  runTests: [],
  singlePackage: true,
};

function edit(dir: string, file: string, change: (text: string) => string): void {
  const full = path.join(dir, file);
  const before = readFileSync(full, 'utf8');
  const after = change(before);
  if (after === before) throw new Error(`the edit of ${file} changed nothing`);
  writeFileSync(full, after);
}

async function deploy(
  source: string,
  prepare: (org: OrgState) => void = () => undefined,
): Promise<{ org: OrgState; job: DeployJob }> {
  const org = new OrgState(seededRandom(3));
  prepare(org);
  const job = org.deployer.deployFiles(await sourcePackage(source), OPTIONS);
  return { org, job };
}

/** The failures of a deploy of a broken copy, as `fullName: problem`. */
async function failuresOf(change: (dir: string) => void): Promise<string[]> {
  const { org, job } = await deploy(forceAppCopy(change));
  try {
    expect(job.status).to.equal('Failed');
    // All or nothing: not one of the product's objects is in the org after a failed deploy.
    expect(findObject(org.model, 'Account_Plan__c')).to.equal(undefined);
    return job.failures.map((f) => `${f.fullName}: ${String(f.problem)}`);
  } finally {
    org.close();
  }
}

const ADMIN = path.join('permissionsets', 'Health_Plan_Admin.permissionset-meta.xml');
const MANAGER = path.join('permissionsets', 'Health_Plan_Account_Manager.permissionset-meta.xml');
const OVERRIDE = path.join('objects', 'Account', 'fields', 'Renewal_Risk_Override__c.field-meta.xml');

describe('local org deploy-time rules (broken copies of force-app)', function () {
  this.timeout(120_000);

  it('deploys force-app itself with no failure', async () => {
    const { org, job } = await deploy(FORCE_APP);
    expect(job.failures).to.deep.equal([]);
    expect(job.status).to.equal('Succeeded');
    org.close();
  });

  it('with rollbackOnError false deploys what passes and reports the rest (SucceededPartial)', async () => {
    const broken = forceAppCopy((dir) =>
      edit(dir, MANAGER, (xml) =>
        xml.replace('<field>Account.Renewal_Date__c</field>', '<field>Account.Renewal_Dte__c</field>'),
      ),
    );
    const org = new OrgState(seededRandom(3));
    try {
      const job = org.deployer.deployFiles(await sourcePackage(broken), { ...OPTIONS, rollbackOnError: false });
      expect(job.status).to.equal('SucceededPartial');
      expect(job.failures.map((f) => f.fullName)).to.deep.equal(['Health_Plan_Account_Manager']);
      expect(findObject(org.model, 'Account_Plan__c')).to.not.equal(undefined);
      expect(org.metadata.get('PermissionSet', 'Health_Plan_Account_Manager')).to.equal(undefined);
      expect(org.metadata.get('PermissionSet', 'Health_Plan_Sync')).to.not.equal(undefined);
    } finally {
      org.close();
    }
  });

  it('View All / Modify All on a detail object needs the same on its master', async () => {
    const failures = await failuresOf((dir) =>
      edit(dir, ADMIN, (xml) =>
        xml.replace(
          /<modifyAllRecords>false<\/modifyAllRecords>(\s*<object>Utilization_Snapshot__c<\/object>\s*)<viewAllRecords>false/,
          '<modifyAllRecords>true</modifyAllRecords>$1<viewAllRecords>true',
        ),
      ),
    );
    expect(failures).to.include.members([
      'Health_Plan_Admin: Permission Read All Utilization_Snapshot__c depends on permission(s): Read All Account',
      'Health_Plan_Admin: Permission Edit All Utilization_Snapshot__c depends on permission(s): Edit All Account',
    ]);
  });

  it('an object permission needs the lesser ones on its object and Read on a master-detail master', async () => {
    const failures = await failuresOf((dir) => {
      edit(dir, path.join('permissionsets', 'Health_Plan_Sync.permissionset-meta.xml'), (xml) =>
        xml.replace(
          /<allowRead>true<\/allowRead>(\s*<modifyAllRecords>false<\/modifyAllRecords>\s*<object>Utilization_Snapshot__c<\/object>)/,
          '<allowRead>false</allowRead>$1',
        ),
      );
      edit(dir, MANAGER, (xml) =>
        xml.replace(
          /<allowEdit>true<\/allowEdit>\s*<allowRead>true<\/allowRead>(\s*<modifyAllRecords>false<\/modifyAllRecords>\s*<object>Account<\/object>)/,
          '<allowEdit>false</allowEdit><allowRead>false</allowRead>$1',
        ),
      );
    });
    expect(failures).to.include.members([
      'Health_Plan_Sync: Permission Create Utilization_Snapshot__c depends on permission(s): Read Utilization_Snapshot__c',
      'Health_Plan_Sync: Permission Edit Utilization_Snapshot__c depends on permission(s): Read Utilization_Snapshot__c',
      'Health_Plan_Account_Manager: Permission Read Account_Plan__c depends on permission(s): Read Account',
      'Health_Plan_Account_Manager: Permission Delete Plan_Stakeholder__c depends on permission(s): Read Account',
    ]);
  });

  it('field history on an Account field needs Account history on, an org setting', async () => {
    const tracked = forceAppCopy((dir) =>
      edit(dir, OVERRIDE, (xml) =>
        xml.replace('<trackHistory>false</trackHistory>', '<trackHistory>true</trackHistory>'),
      ),
    );
    const off = await deploy(tracked);
    expect(off.job.failures.map((f) => `${f.fullName}: ${String(f.problem)}`)).to.deep.equal([
      'Account.Renewal_Risk_Override__c: The entity: Account does not have history tracking enabled',
    ]);
    off.org.close();
    const on = await deploy(tracked, (org) => org.setHistoryTracking('Account', true));
    expect(on.job.status).to.equal('Succeeded');
    on.org.close();
  });

  it('refuses field permissions on required and master-detail fields and edit on formula fields', async () => {
    const failures = await failuresOf((dir) => {
      edit(dir, MANAGER, (xml) =>
        xml.replace(
          '<fieldPermissions>',
          '<fieldPermissions><editable>false</editable><field>Plan_Stakeholder__c.Account__c</field><readable>true</readable></fieldPermissions>\n    <fieldPermissions>',
        ),
      );
      edit(dir, path.join('objects', 'Account_Plan_Objective__c', 'fields', 'Metric__c.field-meta.xml'), (xml) =>
        xml.replace('<required>false</required>', '<required>true</required>'),
      );
      edit(dir, ADMIN, (xml) =>
        xml.replace(
          /<editable>false<\/editable>(\s*<field>Utilization_Snapshot__c\.Visits_Per_1000__c<\/field>)/,
          '<editable>true</editable>$1',
        ),
      );
    });
    expect(failures).to.include.members([
      'Health_Plan_Account_Manager: You cannot deploy to a required field: Plan_Stakeholder__c.Account__c',
      'Health_Plan_Admin: You cannot deploy to a required field: Account_Plan_Objective__c.Metric__c',
      'Health_Plan_Admin: You cannot set editable to true on a formula field: Utilization_Snapshot__c.Visits_Per_1000__c',
    ]);
  });

  it('refuses references to fields and objects that do not exist', async () => {
    const failures = await failuresOf((dir) => {
      edit(dir, path.join('objects', 'Utilization_Snapshot__c', 'fields', 'Visits_Per_1000__c.field-meta.xml'), (xml) =>
        xml.replace('0, Visits__c / Eligible', '0, Visitz__c / Eligible'),
      );
      edit(dir, path.join('layouts', 'Account_Plan__c-Account Plan Layout.layout-meta.xml'), (xml) =>
        xml.replace('<field>Plan_Year__c</field>', '<field>Plan_Yr__c</field>'),
      );
      edit(dir, path.join('objects', 'Account', 'listViews', 'Health_Plans.listView-meta.xml'), (xml) =>
        xml.replace('<columns>Pricing_Model__c</columns>', '<columns>Pricing__c</columns>'),
      );
      edit(
        dir,
        path.join('objects', 'Account', 'compactLayouts', 'Health_Plan_Account.compactLayout-meta.xml'),
        (xml) => xml.replace('<fields>Renewal_Date__c</fields>', '<fields>Renewal_Day__c</fields>'),
      );
      edit(dir, MANAGER, (xml) =>
        xml.replace('<field>Account.Renewal_Date__c</field>', '<field>Account.Renewal_Dte__c</field>'),
      );
      edit(dir, path.join('lwc', 'renewalRiskCard', 'renewalRiskCard.js'), (js) =>
        js.replace('@salesforce/schema/Account.Renewal_Date__c', '@salesforce/schema/Account.Renewal_On__c'),
      );
      edit(dir, path.join('lwc', 'renewalRiskCard', 'renewalRiskCard.js-meta.xml'), (xml) =>
        xml.replace('<object>Account</object>', '<object>Health_Plan__c</object>'),
      );
    });
    expect(failures).to.include.members([
      'Utilization_Snapshot__c.Visits_Per_1000__c: Field Visitz__c does not exist. Check spelling.',
      'Account_Plan__c-Account Plan Layout: In field: field - no CustomField named Account_Plan__c.Plan_Yr__c found',
      'Account.Health_Plans: Could not resolve list view column: Pricing__c',
      'Account.Health_Plan_Account: In field: field - no CustomField named Account.Renewal_Day__c found',
      'Health_Plan_Account_Manager: In field: field - no CustomField named Account.Renewal_Dte__c found',
      'renewalRiskCard: Invalid reference Health_Plan__c of type sobjectClass in file renewalRiskCard.js-meta.xml',
      'renewalRiskCard: Invalid reference Account.Renewal_On__c of type sobjectClass in file renewalRiskCard.js',
    ]);
  });

  it('checks the LWC bundles a FlexiPage places: present, exposed for the page, its design attributes', async () => {
    const failures = await failuresOf((dir) => {
      rmSync(path.join(dir, 'lwc', 'valueStory'), { recursive: true });
      edit(dir, path.join('lwc', 'stakeholderMap', 'stakeholderMap.js-meta.xml'), (xml) =>
        xml.replace(/<target>lightning__RecordPage<\/target>/, '<target>lightning__AppPage</target>'),
      );
      edit(dir, path.join('flexipages', 'Health_Plan_Account_Record_Page.flexipage-meta.xml'), (xml) =>
        xml
          .replace('<name>maxDrivers</name>', '<name>driverCount</name>')
          .replace(/(<name>defaultMonths<\/name>\s*<value>)12(<\/value>)/, '$118$2'),
      );
    });
    expect(failures).to.include.members([
      "Health_Plan_Account_Record_Page: We couldn't retrieve the design time component information for component c:valueStory.",
      "Health_Plan_Account_Record_Page: Component [c:stakeholderMap] isn't supported for the lightning__RecordPage target. Add it to the component's targets.",
      "Health_Plan_Account_Record_Page: Property 'driverCount' doesn't exist on component c:renewalRiskCard for target lightning__RecordPage.",
      "Health_Plan_Account_Record_Page: Property 'defaultMonths' of component c:utilizationTrend: '18' is not one of 12, 24, 36.",
    ]);
  });

  it('checks design attribute values against their type and range', async () => {
    const failures = await failuresOf((dir) =>
      edit(dir, path.join('flexipages', 'Health_Plan_Account_Record_Page.flexipage-meta.xml'), (xml) =>
        xml.replace(/(<name>maxDrivers<\/name>\s*<value>)5(<\/value>)/, '$111$2'),
      ),
    );
    // renewalRiskCard.js-meta.xml declares maxDrivers as an Integer with min="1" max="10".
    expect(failures).to.deep.equal([
      "Health_Plan_Account_Record_Page: Property 'maxDrivers' of component c:renewalRiskCard: 11 is outside 1..10.",
    ]);
  });

  it('checks picklist shapes and field type, length, precision and scale limits', async () => {
    const fields = path.join('objects', 'Account_Plan_Objective__c', 'fields');
    const failures = await failuresOf((dir) => {
      edit(dir, path.join(fields, 'Metric__c.field-meta.xml'), (xml) =>
        xml.replace('<length>255</length>', '<length>300</length>'),
      );
      edit(dir, path.join(fields, 'Target_Value__c.field-meta.xml'), (xml) =>
        xml.replace(/<precision>\d+<\/precision>/, '<precision>19</precision>'),
      );
      edit(dir, path.join(fields, 'Status__c.field-meta.xml'), (xml) =>
        xml.replace(
          /(<value>\s*<fullName>)([^<]+)(<\/fullName>)/,
          '$1$2$3<default>false</default><label>x</label></value><value><fullName>$2</fullName>',
        ),
      );
    });
    expect(failures).to.include.members([
      'Account_Plan_Objective__c.Metric__c: Length must be between 1 and 255',
      'Account_Plan_Objective__c.Target_Value__c: Precision must be between 1 and 18',
    ]);
    expect(
      failures.some((f) => /^Account_Plan_Objective__c\.Status__c: Duplicate picklist value specified: /.test(f)),
    ).to.equal(true);
  });

  it('checks custom metadata records against their type’s fields', async () => {
    const failures = await failuresOf((dir) =>
      edit(dir, path.join('customMetadata', 'Risk_Tier.High.md-meta.xml'), (xml) =>
        xml.replace('<field>Min_Score__c</field>', '<field>Minimum_Score__c</field>'),
      ),
    );
    expect(failures.filter((f) => f.startsWith('Risk_Tier.High:'))).to.have.length(1);
    expect(failures.join('\n')).to.match(/Risk_Tier\.High: .*Minimum_Score__c.*Risk_Tier__mdt/);
  });

  it('checks that an LWC quick action names a bundle exposed for record actions', async () => {
    const failures = await failuresOf((dir) =>
      edit(dir, path.join('lwc', 'prepareQbr', 'prepareQbr.js-meta.xml'), (xml) =>
        xml.replace('<target>lightning__RecordAction</target>', '<target>lightning__RecordPage</target>'),
      ),
    );
    expect(failures).to.include(
      "Account.Prepare_QBR: Component [c:prepareQbr] isn't supported for the lightning__RecordAction target. Add it to the component's targets.",
    );
  });
});
