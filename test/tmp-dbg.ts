import { startTestOrg } from './support/localOrg.js';
import { createUser, assignPermissionSet, makeCredentials, connectAs, CONSUMER_KEY } from './support/users.js';
const credentials = makeCredentials();
const org = await startTestOrg({ connectedApps: [{ consumerKey: CONSUMER_KEY, certificate: credentials.certificate }] });
const id = await createUser(org.conn, 'rep@x.test', 'Standard User');
await assignPermissionSet(org.conn, id, 'Health_Plan_Account_Manager');
const a = await org.conn.sobject('Account').create({ Name: 'A', Health_Plan_Id__c: 'HP1' });
const rep = await connectAs(org.instanceUrl, credentials, 'rep@x.test');
const d = await rep.describe('Account');
console.log(d.updateable, d.fields.filter((f) => f.name.startsWith('Renewal')).map((f) => [f.name, f.updateable]));
try { console.log(await rep.sobject('Account').update({ Id: a.id, Renewal_Risk_Override__c: 'High' })); } catch (e) { console.log(String(e)); }
console.log((await org.conn.query("SELECT Id, Name, ProfileId, IsOwnedByProfile FROM PermissionSet")).records);
console.log((await org.conn.query("SELECT ParentId, SobjectType, PermissionsRead, PermissionsEdit FROM ObjectPermissions WHERE SobjectType = 'Account'")).records);
await org.stop();
