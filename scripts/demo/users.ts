/**
 * The admin's part of the demo: a connected app for JWT login, an integration user and a rep, each with
 * the product's permission set, made the way an admin makes them and safe to run again.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Connection } from 'jsforce';
import { makeConnectedAppKeys, requestToken, signAssertion, type ConnectedAppKeys } from './jwtClient.js';

export const CONSUMER_KEY = '3MVG9healthplan.demo.connected.app';
export const INTEGRATION_USER = 'integration@healthplan-demo.local';
export const REP_USER = 'rep@healthplan-demo.local';

export type { ConnectedAppKeys };

/** The connected app's key pair and certificate, made once with openssl and kept beside the demo org. */
export function connectedAppKeys(dir: string): ConnectedAppKeys {
  const keyFile = path.join(dir, 'server.key');
  const certFile = path.join(dir, 'server.crt');
  if (existsSync(keyFile) && existsSync(certFile)) return { keyFile, certificate: readFileSync(certFile, 'utf8') };
  mkdirSync(dir, { recursive: true });
  return makeConnectedAppKeys(dir, 'healthplan-demo', 3650);
}

/** The user's id, creating the user with the profile when the org does not have them yet. */
export async function ensureUser(
  conn: Connection,
  username: string,
  lastName: string,
  profile: string,
): Promise<string> {
  const existing = await conn.query<{ Id: string }>(`SELECT Id FROM User WHERE Username = '${username}'`);
  if (existing.totalSize) return existing.records[0].Id;
  const profiles = await conn.query<{ Id: string }>(`SELECT Id FROM Profile WHERE Name = '${profile}'`);
  const created = await conn.sobject('User').create({
    Username: username,
    LastName: lastName,
    Email: username,
    Alias: lastName.slice(0, 8).toLowerCase(),
    TimeZoneSidKey: 'America/New_York',
    LocaleSidKey: 'en_US',
    EmailEncodingKey: 'UTF-8',
    LanguageLocaleKey: 'en_US',
    ProfileId: profiles.records[0].Id,
  });
  return created.id!;
}

export async function holdsPermissionSet(conn: Connection, username: string, name: string): Promise<boolean> {
  const found = await conn.query(
    `SELECT Id FROM PermissionSetAssignment WHERE Assignee.Username = '${username}' AND PermissionSet.Name = '${name}'`,
  );
  return found.totalSize > 0;
}

/** An access token for the user from the org's JWT bearer endpoint, for the record page served as that user. */
export async function jwtAccessToken(instanceUrl: string, keys: ConnectedAppKeys, username: string): Promise<string> {
  const claims = { iss: CONSUMER_KEY, sub: username, aud: instanceUrl, exp: Math.floor(Date.now() / 1000) + 180 };
  const reply = await requestToken(instanceUrl, signAssertion(keys.keyFile, claims));
  if (!reply.body.access_token) {
    throw new Error(`JWT login of ${username} refused: ${reply.body.error_description ?? reply.status}`);
  }
  return reply.body.access_token;
}
