import { Messages } from '@salesforce/core';
import { Flags, SfCommand } from '@salesforce/sf-plugins-core';
import type { OrgConnection } from '../../../core/org/connection.js';
import { accessContext, accessError } from '../../../core/org/accessError.js';
import { dailyLimitError } from '../../../core/org/limitError.js';
import { isIsoDate } from '../../../core/risk/model/index.js';
import { RiskConfigError, scoreRenewalRisk, type RiskRunResult } from '../../../core/risk/scoreRenewalRisk.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('@health-plan-accounts/plugin-healthplan', 'healthplan.risk.score');

export type { RiskRunResult };

const signed = (value: number, digits: number): string => `${value > 0 ? '+' : ''}${value.toFixed(digits)}`;

/** "+12.0 (+10.0 Utilization trend, +2.0 Rating trend)": the change, and the factors that moved most. */
function changeText(assessment: RiskRunResult['assessments'][number]): string {
  if (assessment.change === null) return '–';
  const moves = (assessment.changeByFactor ?? []).slice(0, 2).map((move) => `${signed(move.change, 1)} ${move.label}`);
  return moves.length ? `${signed(assessment.change, 1)} (${moves.join(', ')})` : signed(assessment.change, 1);
}

const EXIT_PARTIAL = 3;

export default class RiskScore extends SfCommand<RiskRunResult> {
  public static readonly summary = messages.getMessage('summary');
  public static readonly description = messages.getMessage('description');
  public static readonly examples = messages.getMessages('examples');

  public static readonly flags = {
    'target-org': Flags.requiredOrg(),
    'api-version': Flags.orgApiVersion(),
    'health-plan-id': Flags.string({
      char: 'p',
      summary: messages.getMessage('flags.health-plan-id.summary'),
      multiple: true,
    }),
    'as-of': Flags.string({
      summary: messages.getMessage('flags.as-of.summary'),
      description: messages.getMessage('flags.as-of.description'),
      parse: async (value: string) => {
        if (!isIsoDate(value)) throw messages.createError('error.asOf', [value]);
        return Promise.resolve(value);
      },
    }),
    'dry-run': Flags.boolean({ summary: messages.getMessage('flags.dry-run.summary') }),
  };

  public async run(): Promise<RiskRunResult> {
    const { flags } = await this.parse(RiskScore);
    const conn = flags['target-org'].getConnection(flags['api-version']) as unknown as OrgConnection;
    const asOf = flags['as-of'] ?? new Date().toISOString().slice(0, 10);
    this.spinner.start(messages.getMessage('spinner', [asOf]));
    let result: RiskRunResult;
    try {
      result = await scoreRenewalRisk(conn, { asOf, healthPlanIds: flags['health-plan-id'], dryRun: flags['dry-run'] });
    } catch (error) {
      this.spinner.stop('failed');
      if (error instanceof RiskConfigError) throw messages.createError('error.config', [error.message]);
      const context = accessContext(flags['target-org'], 'Health_Plan_Sync');
      throw accessError(error, context) ?? dailyLimitError(error, context.targetOrg) ?? error;
    }
    this.spinner.stop();
    this.report(result);
    const failed = result.failed;
    if (failed > 0) {
      throw messages
        .createError('error.writeFailures', [failed, result.written + failed], [], EXIT_PARTIAL)
        .setData(result);
    }
    return result;
  }

  private report(result: RiskRunResult): void {
    if (result.configSource === 'defaults') this.warn(messages.getMessage('info.defaults'));
    if (result.notFound.length) this.warn(messages.getMessage('info.notFound', [result.notFound.join(', ')]));
    if (!result.assessments.length) {
      this.log(messages.getMessage('info.noAccounts'));
      return;
    }
    const scored = result.assessments.filter((assessment) => assessment.score !== null);
    this.table({
      title: messages.getMessage('table.title', [result.asOf, result.modelVersion]),
      data: scored.map((assessment) => ({
        plan: assessment.healthPlanId,
        account: assessment.accountName,
        score: assessment.score?.toFixed(1) ?? '',
        tier: assessment.tier ?? '',
        change: changeText(assessment),
        topDriver: assessment.topDriver ?? messages.getMessage('table.noDriver'),
      })),
      columns: [
        { key: 'plan', name: messages.getMessage('column.plan') },
        { key: 'account', name: messages.getMessage('column.account') },
        { key: 'score', name: messages.getMessage('column.score') },
        { key: 'tier', name: messages.getMessage('column.tier') },
        { key: 'change', name: messages.getMessage('column.change') },
        { key: 'topDriver', name: messages.getMessage('column.topDriver') },
      ],
      overflow: 'wrap',
    });
    const notScored = result.assessments.filter((assessment) => assessment.score === null);
    if (notScored.length)
      this.log(messages.getMessage('info.notScored', [notScored.map((a) => a.healthPlanId).join(', ')]));
    for (const failed of result.assessments.filter((assessment) => assessment.status === 'failed')) {
      this.log(messages.getMessage('info.failed', [failed.healthPlanId, failed.accountName, failed.error ?? '']));
    }
    this.log(
      messages.getMessage('info.summary', [
        result.accountsScored,
        result.assessments.length,
        result.written,
        result.unchanged,
        result.failed,
        result.accountsUpdated,
        result.queries,
        result.apiCalls,
      ]),
    );
    const sets = new Map(
      result.assessments.flatMap((assessment) => assessment.savingsAssumptions).map((used) => [used.set, used.source]),
    );
    for (const [set, source] of sets) this.log(messages.getMessage('info.assumptions', [set, source]));
    if (result.dryRun) this.log(messages.getMessage('info.dryRun'));
  }
}
