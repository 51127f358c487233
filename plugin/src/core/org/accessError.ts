/**
 * Turns the org's refusals that mean "this user lacks a permission" into one error that names the object
 * or field and the permission set to assign, instead of the raw API error.
 */
import { Messages, SfError } from '@salesforce/core';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('@health-plan-accounts/plugin-healthplan', 'healthplan.access');

/** The user the job runs as and the permission set the job needs. */
export type AccessContext = { username: string; targetOrg: string; permissionSet: string };

/** The message that names what was refused (`error.cannotRead` or `error.cannotWrite`) and what it was. */
type Refusal = { key: 'error.cannotRead' | 'error.cannotWrite'; what: string };

const READ_PATTERNS: Array<[RegExp, (m: RegExpExecArray) => string]> = [
  [/sObject type '(\w+)' is not supported/, (m): string => m[1]],
  [/No such column '(\w+)' on (?:entity|sobject of type) '?(\w+)'?/, (m): string => `${m[2]}.${m[1]}`],
  [/Didn't understand relationship '(\w+)'/, (m): string => `the relationship ${m[1]}`],
];

const WRITE_PATTERNS: Array<[RegExp, (m: RegExpExecArray) => string]> = [
  [/entity type cannot be inserted: (.+)/, (m): string => `new ${m[1]} records`],
  [/Unable to create\/update fields: ([\w, .]+?)\./, (m): string => m[1]],
];

function refusalOf(code: string, message: string): Refusal | undefined {
  if (code === 'INVALID_TYPE' || code === 'INVALID_FIELD') {
    for (const [pattern, what] of READ_PATTERNS) {
      const match = pattern.exec(message);
      if (match) return { key: 'error.cannotRead', what: what(match) };
    }
  }
  for (const [pattern, what] of WRITE_PATTERNS) {
    const match = pattern.exec(message);
    if (match) return { key: 'error.cannotWrite', what: what(match) };
  }
  if (code === 'INSUFFICIENT_ACCESS_OR_READONLY') return { key: 'error.cannotWrite', what: 'these records' };
  return undefined;
}

/** The permission error for `error`, or undefined when the org refused for another reason. */
export function accessError(error: unknown, context: AccessContext): SfError | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = (error as Error & { errorCode?: unknown }).errorCode;
  const refusal = refusalOf(typeof code === 'string' ? code : error.name, error.message);
  if (!refusal) return undefined;
  const { username, targetOrg, permissionSet } = context;
  return messages.createError(
    refusal.key,
    [username, refusal.what, typeof code === 'string' ? code : error.name, error.message],
    [permissionSet, permissionSet, username, targetOrg],
    undefined,
    error,
  );
}

/** The access context of a job run against `org` by whoever its auth stands for. */
export function accessContext(org: { getUsername(): string | undefined }, permissionSet: string): AccessContext {
  const username = org.getUsername() ?? messages.getMessage('user.unknown');
  return { username, targetOrg: username, permissionSet };
}

/** The org's per-record codes that mean the user lacks a permission, not that the data is wrong. */
const PERMISSION_CODES = new Set([
  'CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY',
  'INSUFFICIENT_ACCESS_OR_READONLY',
  'INVALID_FIELD_FOR_INSERT_UPDATE',
]);

/**
 * When every record a job wrote was refused for lack of a permission: the error that says so and names the
 * permission set, instead of "run again". Undefined when any refusal had another reason.
 */
export function writeRefusal(
  codes: readonly string[],
  context: AccessContext,
  object: string,
  failuresFile: string | null,
  exitCode: number,
): SfError | undefined {
  if (!codes.length || !codes.every((code) => PERMISSION_CODES.has(code))) return undefined;
  const { username, targetOrg, permissionSet } = context;
  return messages.createError(
    'error.writeRefused',
    [username, object, codes.join(', '), failuresFile ?? ''],
    [permissionSet, permissionSet, username, targetOrg],
    exitCode,
  );
}
