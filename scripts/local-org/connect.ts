import { Connection } from 'jsforce';
import type { LocalOrg } from './server.js';

/** A jsforce connection to a local org (API 62.0), the same client production code uses. */
export function connect(org: Pick<LocalOrg, 'instanceUrl' | 'accessToken'>): Connection {
  return new Connection({ instanceUrl: org.instanceUrl, accessToken: org.accessToken, version: '62.0' });
}
