/**
 * One risk run: read the config and every account's facts, score each account with the model,
 * and write what changed. Rerunning on the same day writes nothing.
 */
import type { OrgConnection } from '../org/connection.js';
import {
  MODEL_VERSION,
  parseAssumptionSet,
  scoreAccount,
  type ConfigIssue,
  type Driver,
  type FactorChange,
  type MissingFactor,
  type Play,
  type Tier,
} from './model/index.js';
import { loadRiskConfig, type ConfigSource } from './loadRiskConfig.js';
import { loadAccounts } from './loadAccounts.js';
import { riskReader } from './reader.js';
import {
  accountUpdate,
  assessmentRecord,
  sameAssessment,
  type AccountRiskUpdate,
  type AssessmentRecord,
} from './records.js';
import { updateAccounts, upsertAssessments } from './write.js';

export type AssessmentStatus = 'written' | 'unchanged' | 'not scored' | 'failed' | 'dry run';

export type AssessmentSummary = {
  healthPlanId: string;
  accountId: string;
  accountName: string;
  score: number | null;
  tier: Tier | null;
  /** Modelled share of plans scored like this that renew, in whole percent. */
  renewalPercent: number | null;
  change: number | null;
  /** The change by factor since the previous assessment, largest move first. */
  changeByFactor: FactorChange[] | null;
  previousScore: number | null;
  topDriver: string | null;
  status: AssessmentStatus;
  error?: string;
  drivers: Driver[];
  plays: Play[];
  missing: MissingFactor[];
  /** The assumptions the scored snapshots' cost savings were computed with (empty where none recorded). */
  savingsAssumptions: Array<{ set: string; source: string }>;
};

export type RiskRunResult = {
  asOf: string;
  modelVersion: string;
  configSource: ConfigSource;
  dryRun: boolean;
  accountsScored: number;
  /** Assessments created or changed. */
  written: number;
  /** Assessments already in the org exactly as scored now. */
  unchanged: number;
  accountsUpdated: number;
  failed: number;
  /** `--health-plan-id` values that match no Account. */
  notFound: string[];
  /** SOQL queries issued (each may take several API calls to page through). */
  queries: number;
  /** Queries whose many rows were read through one Bulk API 2.0 query job. */
  bulkQueries: number;
  /** Requests made to the org, retries included. */
  apiCalls: number;
  assessments: AssessmentSummary[];
};

export type RiskRunOptions = {
  asOf: string;
  healthPlanIds?: string[];
  dryRun?: boolean;
  /** When the Account risk fields say they were scored; defaults to now. */
  scoredAt?: string;
};

/** The custom metadata field behind each setting of the model's config. */
const CONFIG_FIELDS: Record<string, string> = {
  key: 'DeveloperName',
  weight: 'Weight__c',
  good: 'Good_Threshold__c',
  bad: 'Bad_Threshold__c',
  tiers: 'Min_Score__c',
  baseRate: 'Base_Rate__c',
};

export class RiskConfigError extends Error {
  public constructor(public readonly issues: ConfigIssue[]) {
    super(
      issues
        .map((issue) => {
          const record = issue.factor
            ? `Risk_Factor__mdt ${issue.factor}`
            : issue.field === 'tiers'
              ? 'Risk_Tier__mdt'
              : issue.field === 'baseRate'
                ? 'Risk_Tier__mdt Low'
                : 'Risk_Factor__mdt';
          return `${record}, ${CONFIG_FIELDS[issue.field] ?? issue.field}: ${issue.message}`;
        })
        .join('; '),
    );
  }
}

export async function scoreRenewalRisk(conn: OrgConnection, options: RiskRunOptions): Promise<RiskRunResult> {
  const counted = countCalls(conn);
  const reader = riskReader(counted);
  const [loaded, accounts] = await Promise.all([
    loadRiskConfig(reader),
    loadAccounts(reader, { asOf: options.asOf, healthPlanIds: options.healthPlanIds }),
  ]);
  if (loaded.issues.length) throw new RiskConfigError(loaded.issues);

  const scoredAt = options.scoredAt ?? new Date().toISOString();
  const summaries: AssessmentSummary[] = [];
  const toUpsert: Array<{ summary: AssessmentSummary; record: AssessmentRecord }> = [];
  const toUpdate: Array<{ summary: AssessmentSummary; update: AccountRiskUpdate }> = [];
  for (const account of accounts) {
    const assessment = scoreAccount(account.input, loaded.config);
    const record = assessmentRecord(account, assessment);
    const unchanged = record !== null && sameAssessment(account.existing, record);
    const summary: AssessmentSummary = {
      healthPlanId: account.healthPlanId,
      accountId: account.accountId,
      accountName: account.name,
      score: assessment.score,
      tier: assessment.tier,
      renewalPercent: assessment.renewalPercent,
      change: assessment.change,
      changeByFactor: assessment.changeByFactor,
      previousScore: assessment.previous?.score ?? null,
      topDriver: assessment.drivers.find((driver) => driver.contribution > 0)?.sentence ?? null,
      status: record === null ? 'not scored' : options.dryRun ? 'dry run' : unchanged ? 'unchanged' : 'written',
      drivers: assessment.drivers,
      plays: assessment.plays,
      missing: assessment.missing,
      savingsAssumptions: account.savingsAssumptionSets.flatMap((value) => {
        const set = parseAssumptionSet(value);
        return set ? [{ set: set.name, source: set.source }] : [];
      }),
    };
    summaries.push(summary);
    if (record === null || options.dryRun) continue;
    if (!unchanged) toUpsert.push({ summary, record });
    const update = accountUpdate(account, record, scoredAt);
    if (update) toUpdate.push({ summary, update });
  }

  const failures = new Map<AssessmentSummary, string[]>();
  const fail = (summary: AssessmentSummary, error: string): void => {
    failures.set(summary, [...(failures.get(summary) ?? []), error]);
  };
  let accountsUpdated = 0;
  if (toUpsert.length) {
    const outcomes = await upsertAssessments(
      counted,
      toUpsert.map((entry) => entry.record),
    );
    outcomes.forEach((outcome, index) => {
      if (!outcome.ok) fail(toUpsert[index].summary, `${outcome.error.errorCode}: ${outcome.error.message}`);
    });
  }
  // The Account shows the score only once its assessment is stored.
  const updates = toUpdate.filter((entry) => !failures.has(entry.summary));
  if (updates.length) {
    const outcomes = await updateAccounts(
      counted,
      updates.map((entry) => entry.update),
    );
    outcomes.forEach((outcome, index) => {
      if (outcome.ok) accountsUpdated += 1;
      else fail(updates[index].summary, `Account ${outcome.error.errorCode}: ${outcome.error.message}`);
    });
  }

  const assessments = summaries.map((summary): AssessmentSummary => {
    const errors = failures.get(summary);
    return errors ? { ...summary, status: 'failed', error: errors.join('; ') } : summary;
  });
  assessments.sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || a.healthPlanId.localeCompare(b.healthPlanId));
  const count = (status: AssessmentStatus): number => assessments.filter((summary) => summary.status === status).length;
  const found = new Set(accounts.map((account) => account.healthPlanId));
  return {
    asOf: options.asOf,
    modelVersion: MODEL_VERSION,
    configSource: loaded.source,
    dryRun: Boolean(options.dryRun),
    accountsScored: assessments.filter((summary) => summary.score !== null).length,
    written: count('written'),
    unchanged: count('unchanged'),
    accountsUpdated,
    failed: count('failed'),
    notFound: (options.healthPlanIds ?? []).filter((id) => !found.has(id)),
    queries: reader.queries,
    bulkQueries: reader.bulkQueries,
    apiCalls: counted.calls,
    assessments,
  };
}

/** The connection with a count of the requests made through it, retries included. */
function countCalls(conn: OrgConnection): OrgConnection & { readonly calls: number } {
  let calls = 0;
  return {
    get limitInfo(): OrgConnection['limitInfo'] {
      return conn.limitInfo;
    },
    request<T>(...args: Parameters<OrgConnection['request']>): Promise<T> {
      calls += 1;
      return conn.request<T>(...args);
    },
    get calls(): number {
      return calls;
    },
  };
}
