/**
 * The doctor's checks, pure: from what the org answered (describes, assignments, risk settings, limits)
 * to one problem per thing to fix, each with its fix.
 */
import { Messages } from '@salesforce/core';
import type { ConfigIssue } from '../risk/model/index.js';
import { RiskConfigError } from '../risk/scoreRenewalRisk.js';
import { JOBS, type Job, type ObjectNeed } from './requirements.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('@health-plan-accounts/plugin-healthplan', 'healthplan.doctor');

export const CHECKS = ['metadata', 'permissions', 'riskSettings', 'limits'] as const;
export type CheckName = (typeof CHECKS)[number];

export type Problem = { check: CheckName; message: string; fix: string };

/** An object as describe showed it to the user; absent when describe answered NOT_FOUND. */
export type ObjectView = {
  createable: boolean;
  updateable: boolean;
  deletable: boolean;
  fields: Map<string, { createable: boolean; updateable: boolean }>;
};

export type Facts = {
  username: string;
  job: Job;
  objects: Map<string, ObjectView | undefined>;
  /** The user's permission sets; null when the user may not read assignments (no View Setup). */
  assignments: string[] | null;
  /** Undefined when the risk settings could not be read (the metadata check reports why). */
  riskSettings?: { factorRecords: number; issues: ConfigIssue[] };
  limits: { max: number; remaining: number } | null;
};

/** The share of the daily API requests below which the doctor warns. */
export const LOW_LIMIT_PERCENT = 10;

export function diagnose(facts: Facts): Problem[] {
  return [...metadataProblems(facts), ...permissionProblems(facts), ...riskProblems(facts), ...limitProblems(facts)];
}

function deployOrAssign(facts: Facts): string {
  const set = JOBS[facts.job].permissionSet;
  return messages.getMessage('fix.deployOrAssign', [set, set, facts.username]);
}

function metadataProblems(facts: Facts): Problem[] {
  const problems: Problem[] = [];
  for (const need of JOBS[facts.job].objects) {
    const view = facts.objects.get(need.object);
    if (!view) {
      problems.push({
        check: 'metadata',
        message: messages.getMessage('problem.objectMissing', [need.object, facts.username]),
        fix: deployOrAssign(facts),
      });
      continue;
    }
    const missing = [...need.read, ...need.write].filter((field) => !view.fields.has(field));
    if (missing.length) {
      problems.push({
        check: 'metadata',
        message: messages.getMessage('problem.fieldsMissing', [need.object, missing.join(', '), facts.username]),
        fix: deployOrAssign(facts),
      });
    }
  }
  return problems;
}

function permissionProblems(facts: Facts): Problem[] {
  const set = JOBS[facts.job].permissionSet;
  const fix = messages.getMessage('fix.assign', [set, facts.username]);
  const problems: Problem[] = [];
  const problem = (key: string, tokens: string[]): void => {
    problems.push({ check: 'permissions', message: messages.getMessage(key, [facts.username, ...tokens]), fix });
  };
  if (facts.assignments && !facts.assignments.includes(set)) {
    problems.push({
      check: 'permissions',
      message: messages.getMessage('problem.notAssigned', [facts.username, set]),
      fix,
    });
  }
  for (const need of JOBS[facts.job].objects) {
    const view = facts.objects.get(need.object);
    if (!view) continue;
    if (need.create && !view.createable) problem('problem.cannotCreate', [need.object]);
    if (need.edit && !view.updateable) problem('problem.cannotEdit', [need.object]);
    if (need.delete && !view.deletable) problem('problem.cannotDelete', [need.object]);
    const locked = lockedFields(need, view);
    if (locked.length) problem('problem.fieldsNotEditable', [locked.map((f) => `${need.object}.${f}`).join(', ')]);
  }
  return problems;
}

/** Fields the job writes that the user sees but may not write the way the job does. */
function lockedFields(need: ObjectNeed, view: ObjectView): string[] {
  return need.write.filter((name) => {
    const field = view.fields.get(name);
    if (!field) return false;
    const cannotCreate = need.create === true && !field.createable;
    const cannotEdit = need.edit === true && !field.updateable;
    return cannotCreate || cannotEdit;
  });
}

function riskProblems(facts: Facts): Problem[] {
  const settings = facts.riskSettings;
  if (!settings) return [];
  if (settings.factorRecords === 0) {
    return [
      {
        check: 'riskSettings',
        message: messages.getMessage('problem.noRiskFactors'),
        fix: messages.getMessage('fix.deployRiskSettings'),
      },
    ];
  }
  return settings.issues.map((issue) => ({
    check: 'riskSettings',
    message: messages.getMessage('problem.riskSetting', [new RiskConfigError([issue]).message]),
    fix: messages.getMessage('fix.riskSetting', [issue.factor ? 'Risk Factor' : 'Risk Tier']),
  }));
}

function limitProblems(facts: Facts): Problem[] {
  const limits = facts.limits;
  if (!limits || limits.remaining * 100 >= limits.max * LOW_LIMIT_PERCENT) return [];
  return [
    {
      check: 'limits',
      message: messages.getMessage('problem.lowLimits', [limits.remaining, limits.max, LOW_LIMIT_PERCENT]),
      fix: messages.getMessage('fix.lowLimits'),
    },
  ];
}
