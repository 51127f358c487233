import type { OrgState } from '../org.js';
import { findField, findObject } from '../model.js';
import { json, Router } from '../http.js';
import type { ConnectedApp } from './jwt.js';
import { verifyAssertion } from './jwt.js';

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

const oauthError = (error: string, description: string): ReturnType<typeof json> =>
  json(400, { error, error_description: description });

/**
 * The OAuth token endpoint for the JWT bearer flow (`sf org login jwt`): the org is its own login server,
 * so the assertion's audience is its URL. Every active user is pre-authorized for every connected app.
 */
export function authRoutes(router: Router, org: OrgState, apps: ConnectedApp[], instanceUrl: () => string): void {
  router.add(
    'POST',
    '/services/oauth2/token',
    (req) => {
      const form = new URLSearchParams(req.body.toString('utf8'));
      const grant = form.get('grant_type');
      if (grant !== JWT_BEARER) return oauthError('unsupported_grant_type', 'grant type not supported');
      const outcome = verifyAssertion(form.get('assertion') ?? '', apps, instanceUrl(), Date.now() / 1000);
      if (!outcome.ok) return oauthError(outcome.error, outcome.description);
      const user = findObject(org.model, 'User')!;
      const row = org.store.findBy(user, findField(user, 'Username')!, outcome.username).find((r) => r.IsActive === 1);
      if (!row) return oauthError('invalid_grant', "user hasn't approved this consumer");
      const userId = String(row.Id);
      return json(200, {
        access_token: org.sessions.issue(userId),
        scope: 'api',
        instance_url: instanceUrl(),
        id: `${instanceUrl()}/id/${org.identity.orgId}/${userId}`,
        token_type: 'Bearer',
        issued_at: String(Date.now()),
      });
    },
    { public: true },
  );
}
