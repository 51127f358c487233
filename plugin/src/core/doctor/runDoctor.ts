/**
 * `sf healthplan doctor`: reads what the doctor needs from the org as the running user (describe of each
 * object the job uses, the user's permission set assignments, the risk settings, the API limits), then
 * diagnoses it.
 */
import { jsonRequest, type OrgConnection } from '../org/connection.js';
import { withRetry } from '../org/retry.js';
import { soqlString } from '../risk/fields.js';
import { loadRiskConfig } from '../risk/loadRiskConfig.js';
import { riskReader } from '../risk/reader.js';
import { CHECKS, diagnose, type CheckName, type Facts, type ObjectView, type Problem } from './diagnose.js';
import { JOBS, type Job } from './requirements.js';

export type DoctorResult = {
  ok: boolean;
  username: string;
  job: Job;
  permissionSet: string;
  checks: Array<{ name: CheckName; ok: boolean }>;
  problems: Problem[];
  /** The user's permission sets; null when the user may not read assignments. */
  assignedPermissionSets: string[] | null;
  apiRequests: { max: number; remaining: number } | null;
};

type Describe = {
  createable: boolean;
  updateable: boolean;
  deletable: boolean;
  fields: Array<{ name: string; createable: boolean; updateable: boolean }>;
};

const errorCode = (error: unknown): unknown => (error as { errorCode?: unknown }).errorCode;

async function describeAs(conn: OrgConnection, object: string): Promise<ObjectView | undefined> {
  try {
    const answer = await withRetry(() => conn.request<Describe>(jsonRequest('GET', `/sobjects/${object}/describe`)));
    return {
      createable: answer.createable,
      updateable: answer.updateable,
      deletable: answer.deletable,
      fields: new Map(answer.fields.map((f) => [f.name, { createable: f.createable, updateable: f.updateable }])),
    };
  } catch (error) {
    if (errorCode(error) === 'NOT_FOUND') return undefined;
    throw error;
  }
}

export async function runDoctor(conn: OrgConnection, options: { username: string; job: Job }): Promise<DoctorResult> {
  const { username, job } = options;
  const needs = JOBS[job];
  const reader = riskReader(conn);
  const views = await Promise.all(
    needs.objects.map(async (need) => [need.object, await describeAs(conn, need.object)] as const),
  );
  const objects = new Map(views);
  const assignments = await reader.queryOptional<{ PermissionSet: { Name: string } }>(
    `SELECT PermissionSet.Name FROM PermissionSetAssignment WHERE Assignee.Username = ${soqlString(username)}`,
  );
  const settingsReadable = objects.get('Risk_Factor__mdt') !== undefined && objects.get('Risk_Tier__mdt') !== undefined;
  const loaded = settingsReadable ? await loadRiskConfig(reader) : undefined;
  const limits = await withRetry(() =>
    conn.request<{ DailyApiRequests?: { Max: number; Remaining: number } }>(jsonRequest('GET', '/limits')),
  );
  const daily = limits.DailyApiRequests;
  const facts: Facts = {
    username,
    job,
    objects,
    assignments: assignments ? assignments.map((a) => a.PermissionSet.Name) : null,
    riskSettings: loaded && {
      factorRecords: loaded.source === 'org' ? loaded.config.factors.length : 0,
      issues: loaded.issues,
    },
    limits: daily ? { max: daily.Max, remaining: daily.Remaining } : null,
  };
  const problems = diagnose(facts);
  return {
    ok: problems.length === 0,
    username,
    job,
    permissionSet: needs.permissionSet,
    checks: CHECKS.map((name) => ({ name, ok: !problems.some((p) => p.check === name) })),
    problems,
    assignedPermissionSets: facts.assignments,
    apiRequests: facts.limits,
  };
}
