/**
 * Users for end-to-end tests: a key pair and certificate for a connected app, users made as an admin makes
 * them (REST insert with a profile), permission sets assigned, and the real `sf org login jwt`.
 */
import { execFileSync } from 'node:child_process';
import { createSign } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Connection } from 'jsforce';
import { connect, runSf } from './localOrg.js';

export const CONSUMER_KEY = '3MVG9healthplan.local.ci.app';

export type Credentials = { keyFile: string; certificate: string };

/** A fresh RSA key and self-signed certificate, made by openssl as a CI setup would. */
export function makeCredentials(): Credentials {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'jwt-key-'));
  const keyFile = path.join(dir, 'server.key');
  const certFile = path.join(dir, 'server.crt');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-days',
      '2',
      '-subj',
      '/CN=healthplan-ci',
    ],
    { stdio: 'ignore' },
  );
  return { keyFile, certificate: readFileSync(certFile, 'utf8') };
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

/** A JWT bearer assertion signed with the credentials' key; `claims` override the valid defaults. */
export function signAssertion(keyFile: string, claims: Record<string, unknown>): string {
  const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const body = `${encode({ alg: 'RS256' })}.${encode(claims)}`;
  const signature = createSign('RSA-SHA256').update(body).sign(readFileSync(keyFile, 'utf8'));
  return `${body}.${signature.toString('base64url')}`;
}

export type TokenReply = { status: number; body: Record<string, string> };

/** Posts a JWT bearer grant to the org's token endpoint. */
export async function requestToken(instanceUrl: string, assertion: string): Promise<TokenReply> {
  const response = await fetch(`${instanceUrl}/services/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, string> };
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
