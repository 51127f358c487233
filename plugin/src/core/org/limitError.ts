/**
 * Turns the org's refusal for a used-up daily API allocation (403 `REQUEST_LIMIT_EXCEEDED` "TotalRequests
 * Limit exceeded.") into an error that says what it means and what to do.
 */
import { Messages, SfError } from '@salesforce/core';
import { isDailyLimitError } from './retry.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('@health-plan-accounts/plugin-healthplan', 'healthplan.limits');

/** The daily-allocation error for `error`, or undefined when the org refused for another reason. */
export function dailyLimitError(error: unknown, targetOrg: string): SfError | undefined {
  if (!(error instanceof Error) || !isDailyLimitError(error)) return undefined;
  const code = (error as Error & { errorCode?: unknown }).errorCode;
  return messages.createError(
    'error.dailyLimit',
    [typeof code === 'string' ? code : error.name, error.message],
    [targetOrg],
    undefined,
    error,
  );
}
