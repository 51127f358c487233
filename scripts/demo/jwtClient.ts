/**
 * The client side of a JWT bearer login, as a CI job or the demo does it: a key and self-signed certificate
 * made with openssl, an assertion signed with the key, and the token endpoint's answer.
 */
import { execFileSync } from 'node:child_process';
import { createSign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

export type ConnectedAppKeys = { keyFile: string; certificate: string };

/** Writes `server.key` and `server.crt` into `dir` with openssl (RSA 2048, self-signed for `days`). */
export function makeConnectedAppKeys(dir: string, commonName: string, days: number): ConnectedAppKeys {
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
      String(days),
      '-subj',
      `/CN=${commonName}`,
    ],
    { stdio: 'ignore' },
  );
  return { keyFile, certificate: readFileSync(certFile, 'utf8') };
}

/** A JWT bearer assertion (RS256) with `claims`, signed with the key in `keyFile`. */
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
