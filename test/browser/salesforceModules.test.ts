/** The `@salesforce/*` modules the preview generates at build time. */
import { expect } from 'chai';
import { schemaModule } from '../../scripts/preview/salesforceModules.js';
import { escapeHtml } from '../../scripts/preview/pages.js';

describe('preview modules and pages', () => {
  it('turns schema imports into the object and field references components pass to LDS', () => {
    expect(schemaModule('Account.Renewal_Risk_Score__c')).to.equal(
      'export default {"objectApiName":"Account","fieldApiName":"Renewal_Risk_Score__c"};',
    );
    expect(schemaModule('Plan_Stakeholder__c.Contact__r.Name')).to.equal(
      'export default {"objectApiName":"Plan_Stakeholder__c","fieldApiName":"Contact__r.Name"};',
    );
    expect(schemaModule('Account')).to.equal('export default {"objectApiName":"Account"};');
  });

  it('escapes record values written into the page', () => {
    expect(escapeHtml(`<img src=x onerror="alert('x')">&`)).to.equal(
      '&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt;&amp;',
    );
  });
});
