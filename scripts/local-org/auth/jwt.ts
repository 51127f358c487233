import { verify, X509Certificate } from 'node:crypto';

/** A connected app as the JWT bearer flow needs it: its consumer key and the certificate its key pair signs with. */
export type ConnectedApp = { consumerKey: string; certificate: string };

export type JwtOutcome = { ok: true; username: string } | { ok: false; error: string; description: string };

const refuse = (error: string, description: string): JwtOutcome => ({ ok: false, error, description });
const INVALID_ASSERTION = refuse('invalid_grant', 'invalid assertion');

function decodePart(part: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown;
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Checks a JWT bearer assertion as Salesforce's token endpoint does: RS256 signed by the certificate of the
 * connected app named by `iss`, `aud` this login server, `exp` in the future, `sub` a username. The user
 * lookup is the caller's: this answers the username to look up.
 */
export function verifyAssertion(
  assertion: string,
  apps: readonly ConnectedApp[],
  audience: string,
  nowSeconds: number,
): JwtOutcome {
  const parts = assertion.split('.');
  if (parts.length !== 3) return INVALID_ASSERTION;
  const header = decodePart(parts[0]);
  const claims = decodePart(parts[1]);
  if (!header || !claims || header.alg !== 'RS256') return INVALID_ASSERTION;
  const app = apps.find((a) => a.consumerKey === claims.iss);
  if (!app) return refuse('invalid_client_id', 'client identifier invalid');
  const signed = verify(
    'RSA-SHA256',
    Buffer.from(`${parts[0]}.${parts[1]}`),
    new X509Certificate(app.certificate).publicKey,
    Buffer.from(parts[2], 'base64url'),
  );
  if (!signed) return INVALID_ASSERTION;
  const audiences = Array.isArray(claims.aud) ? (claims.aud as unknown[]) : [claims.aud];
  if (!audiences.some((a) => typeof a === 'string' && a.replace(/\/+$/, '') === audience)) {
    return refuse('invalid_grant', 'audience is invalid');
  }
  if (typeof claims.exp !== 'number' || claims.exp <= nowSeconds) {
    return refuse('invalid_grant', 'expired access/refresh token');
  }
  if (typeof claims.sub !== 'string' || !claims.sub)
    return refuse('invalid_grant', "user hasn't approved this consumer");
  return { ok: true, username: claims.sub };
}

/** Reads a connected app's certificate, refusing anything that is not one X.509 certificate in PEM. */
export function checkCertificate(consumerKey: string, pem: string): ConnectedApp {
  try {
    new X509Certificate(pem);
  } catch (error) {
    throw new Error(`connected app ${consumerKey}: not an X.509 certificate in PEM (${(error as Error).message})`);
  }
  return { consumerKey, certificate: pem };
}
