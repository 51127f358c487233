/**
 * Users for end-to-end tests: a key pair and certificate for a connected app, users made as an admin makes
 * them (REST insert with a profile), permission sets assigned, and the real `sf org login jwt`.
 */
import type { Connection } from 'jsforce';
import {
  makeConnectedAppKeys,
  requestToken,
  signAssertion,
  type ConnectedAppKeys,
} from '../../scripts/demo/jwtClient.js';
import { connect, runSf } from './localOrg.js';
import { tempDir } from '../../plugin/test/tempDirs.js';

export { requestToken, signAssertion };

export const CONSUMER_KEY = '3MVG9healthplan.local.ci.app';

export type Credentials = ConnectedAppKeys;

/** A fresh RSA key and self-signed certificate, made by openssl as a CI setup would. */
export function makeCredentials(): Credentials {
  return makeConnectedAppKeys(tempDir('jwt-key-'), 'healthplan-ci', 2);
}

export async function profileId(conn: Connection, name: string): Promise<string> {
  const result = await conn.query<{ Id: string }>(`SELECT Id FROM Profile WHERE Name = '${name}'`);
  return result.records[0].Id;
}

/** Creates an active user with the profile, as `sf data create record --sobject User` does; answers the id. */
export async function createUser(conn: Connection, username: string, profile: string): Promise<string> {
  const result = await conn.sobject('User').create({
    Username: username,
    LastName: username.split('@')[0],
    Email: username,
    Alias: username.slice(0, 8),
    TimeZoneSidKey: 'GMT',
    LocaleSidKey: 'en_US',
    EmailEncodingKey: 'UTF-8',
    LanguageLocaleKey: 'en_US',
    ProfileId: await profileId(conn, profile),
  });
  if (!result.success) throw new Error(`user ${username} not created: ${JSON.stringify(result)}`);
  return result.id;
}

export async function assignPermissionSet(conn: Connection, userId: string, name: string): Promise<void> {
  const set = await conn.query<{ Id: string }>(`SELECT Id FROM PermissionSet WHERE Name = '${name}'`);
  await conn.sobject('PermissionSetAssignment').create({ AssigneeId: userId, PermissionSetId: set.records[0].Id });
}

/** Logs the user in with the real `sf org login jwt` under `alias`; throws with sf's answer when it fails. */
export async function loginJwt(
  env: NodeJS.ProcessEnv,
  instanceUrl: string,
  credentials: Credentials,
  username: string,
  alias: string,
): Promise<void> {
  const run = await runSf(
    [
      'org',
      'login',
      'jwt',
      '--client-id',
      CONSUMER_KEY,
      '--jwt-key-file',
      credentials.keyFile,
      '--username',
      username,
      '--instance-url',
      instanceUrl,
      '--alias',
      alias,
    ],
    env,
  );
  if (run.status !== 0) throw new Error(`sf org login jwt failed: ${JSON.stringify(run.json)}`);
}

/** A jsforce connection as the user, from a JWT bearer login over HTTP. */
export async function connectAs(instanceUrl: string, credentials: Credentials, username: string): Promise<Connection> {
  const assertion = signAssertion(credentials.keyFile, {
    iss: CONSUMER_KEY,
    sub: username,
    aud: instanceUrl,
    exp: Math.floor(Date.now() / 1000) + 180,
  });
  const reply = await requestToken(instanceUrl, assertion);
  if (reply.status !== 200) throw new Error(`JWT login of ${username} refused: ${JSON.stringify(reply.body)}`);
  return connect({ instanceUrl, accessToken: reply.body.access_token });
}
