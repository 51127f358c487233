import type { OrgState } from '../org.js';
import { API_VERSION } from '../org.js';
import { json, Router } from '../http.js';
import { HttpError } from '../errors.js';
import { findObject } from '../model.js';
import type { Row } from '../store.js';
import { currentAccess } from '../permissions.js';

const FIRST_VERSION = 31;

function versions(): Array<{ label: string; url: string; version: string }> {
  const last = Number(API_VERSION.split('.')[0]);
  const list = [];
  for (let v = FIRST_VERSION; v <= last; v++) {
    list.push({ label: `Local ${v}`, url: `/services/data/v${v}.0`, version: `${v}.0` });
  }
  return list;
}

/** Enterprise Edition's base allocations; the local org reports them, it does not enforce them. */
const DATA_STORAGE_MB = 10240;
const FILE_STORAGE_MB = 10240;
/** Salesforce counts most records as 2 KB of data storage. */
const RECORD_KB = 2;

function allocation(max: number, used = 0): { Max: number; Remaining: number } {
  return { Max: max, Remaining: Math.max(0, max - used) };
}

/** API calls made today and the day's allocation. */
export type ApiUsage = { used: number; max: number };

/** `/limits`: the API call count this org keeps, the storage its records take, and fixed allocations. */
function limits(org: OrgState, api: ApiUsage): Record<string, { Max: number; Remaining: number }> {
  let records = 0;
  for (const object of org.model.objects.values())
    if (object.kind !== 'customMetadata') records += org.store.count(object);
  return {
    ActiveScratchOrgs: allocation(0),
    DailyApiRequests: allocation(api.max, api.used),
    DailyAsyncApexExecutions: allocation(250000),
    DailyBulkApiBatches: allocation(15000, org.allocations.bulkBatches),
    DailyBulkV2QueryFileStorageMB: allocation(976562),
    DailyBulkV2QueryJobs: allocation(10000, org.allocations.bulkV2QueryJobs),
    DailyScratchOrgs: allocation(0),
    DataStorageMB: allocation(DATA_STORAGE_MB, Math.ceil((records * RECORD_KB) / 1024)),
    FileStorageMB: allocation(FILE_STORAGE_MB),
    MassEmail: allocation(5000),
    SingleEmail: allocation(5000),
  };
}

/** Login and discovery: versions, resources, userinfo, identity, limits. */
export function discoveryRoutes(
  router: Router,
  org: OrgState,
  instanceUrl: () => string,
  apiUsage: () => ApiUsage,
): void {
  const { orgId } = org.identity;
  /** The request's user, as the identity service describes them. */
  const me = (): { userId: string; username: string; name: string; user: Row } => {
    const userId = currentAccess()?.userId ?? org.identity.userId;
    const user = org.store.get(findObject(org.model, 'User')!, userId)!;
    return {
      userId,
      username: String(user.Username),
      name: [user.FirstName, user.LastName].filter(Boolean).join(' '),
      user,
    };
  };
  const identityUrl = (userId: string): string => `${instanceUrl()}/id/${orgId}/${userId}`;
  const userInfo = (): Record<string, unknown> => {
    const { userId, username, name, user } = me();
    return {
      sub: identityUrl(userId),
      user_id: userId,
      organization_id: orgId,
      preferred_username: username,
      nickname: user.Alias,
      name,
      email: user.Email,
      email_verified: true,
      given_name: user.FirstName,
      family_name: user.LastName,
      zoneinfo: user.TimeZoneSidKey,
      locale: user.LocaleSidKey,
      language: user.LanguageLocaleKey,
      active: true,
      user_type: 'STANDARD',
      urls: {
        rest: `${instanceUrl()}/services/data/v{version}/`,
        sobjects: `${instanceUrl()}/services/data/v{version}/sobjects/`,
      },
      is_app_installed: true,
      updated_at: new Date().toISOString(),
    };
  };

  router
    .add('GET', '/services/data', () => json(200, versions()), { public: true })
    .add('GET', '{api}', (_req, [v]) =>
      json(200, {
        sobjects: `/services/data/v${v}/sobjects`,
        query: `/services/data/v${v}/query`,
        queryAll: `/services/data/v${v}/queryAll`,
        limits: `/services/data/v${v}/limits`,
        composite: `/services/data/v${v}/composite`,
        jobs: `/services/data/v${v}/jobs`,
        tooling: `/services/data/v${v}/tooling`,
        identity: identityUrl(me().userId),
      }),
    )
    .add('GET', '/services/oauth2/userinfo', () => json(200, userInfo()))
    .add('GET', '/id/{org}/{user}', (_req, [org, user]) => {
      const info = userInfo();
      if (org !== orgId || user !== info.user_id) throw new HttpError(404, 'NOT_FOUND', 'Bad_Id');
      return json(200, { id: info.sub, ...info, username: info.preferred_username, display_name: info.name });
    })
    .add('GET', '{api}/limits', () => json(200, limits(org, apiUsage())))
    .add('GET', '{api}/tooling/query', (req) => {
      const soql = req.query.get('q') ?? '';
      if (!/\bFROM\s+SandboxProcess\b/i.test(soql)) {
        throw new HttpError(400, 'INVALID_TYPE', 'The local org answers tooling queries on SandboxProcess only');
      }
      return json(200, {
        size: 0,
        totalSize: 0,
        done: true,
        queryLocator: null,
        entityTypeName: 'SandboxProcess',
        records: [],
      });
    });
}
