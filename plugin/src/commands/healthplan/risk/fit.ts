import { Messages } from '@salesforce/core';
import { Flags, SfCommand } from '@salesforce/sf-plugins-core';
import type { OrgConnection } from '../../../core/org/connection.js';
import type { BacktestSummary } from '../../../core/risk/backtest/evaluate.js';
import {
  MIN_LOST,
  NotEnoughRenewalsError,
  runFit,
  TRAIN_SHARE,
  type FitRunResult,
} from '../../../core/risk/backtest/runFit.js';
import { RiskConfigError } from '../../../core/risk/scoreRenewalRisk.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('@health-plan-accounts/plugin-healthplan', 'healthplan.risk.fit');

export type { FitRunResult };

const EXIT_NOT_ENOUGH = 4;

export default class RiskFit extends SfCommand<FitRunResult> {
  public static readonly summary = messages.getMessage('summary');
  public static readonly description = messages.getMessage('description');
  public static readonly examples = messages.getMessages('examples');

  public static readonly flags = {
    'target-org': Flags.requiredOrg(),
    'api-version': Flags.orgApiVersion(),
    'output-dir': Flags.directory({ summary: messages.getMessage('flags.output-dir.summary'), required: true }),
    'horizon-days': Flags.integer({
      summary: messages.getMessage('flags.horizon-days.summary'),
      default: 180,
      min: 1,
      max: 730,
    }),
  };

  public async run(): Promise<FitRunResult> {
    const { flags } = await this.parse(RiskFit);
    const conn = flags['target-org'].getConnection(flags['api-version']) as unknown as OrgConnection;
    const today = new Date().toISOString().slice(0, 10);
    this.spinner.start(messages.getMessage('spinner'));
    let result: FitRunResult;
    try {
      result = await runFit(conn, { horizonDays: flags['horizon-days'], today, outputDir: flags['output-dir'] });
    } catch (error) {
      this.spinner.stop('failed');
      if (error instanceof RiskConfigError) throw messages.createError('error.config', [error.message]);
      if (error instanceof NotEnoughRenewalsError) {
        throw messages.createError(
          'error.notEnough',
          [error.train.lost, error.heldOut.lost, MIN_LOST.train, MIN_LOST.heldOut, Math.round(TRAIN_SHARE * 100)],
          [],
          EXIT_NOT_ENOUGH,
        );
      }
      throw error;
    }
    this.spinner.stop();
    this.report(result);
    return result;
  }

  private report(result: FitRunResult): void {
    this.log(
      messages.getMessage('info.split', [
        result.train.renewals,
        result.train.lost,
        result.train.from,
        result.train.to,
        result.heldOut.renewals,
        result.heldOut.lost,
        result.heldOut.from,
        result.heldOut.to,
        result.penalty,
      ]),
    );
    const row = (label: string, summary: BacktestSummary): Record<string, string> => ({
      config: label,
      auc: summary.auc?.toFixed(3) ?? 'n/a',
      brier: summary.brier?.toFixed(4) ?? 'n/a',
      base: summary.baseRateBrier?.toFixed(4) ?? 'n/a',
      lift: summary.topDecileLift?.toFixed(2) ?? 'n/a',
      tiers: summary.tiers.map((tier) => `${tier.tier} ${tier.lost}/${tier.renewals}`).join(', '),
    });
    this.table({
      title: messages.getMessage('table.title'),
      data: [
        row(messages.getMessage(result.configSource === 'org' ? 'row.org' : 'row.defaults'), result.before),
        row(messages.getMessage('row.fitted'), result.after),
      ],
      columns: [
        { key: 'config', name: messages.getMessage('column.config') },
        { key: 'auc', name: 'AUC' },
        { key: 'brier', name: 'Brier' },
        { key: 'base', name: messages.getMessage('column.base') },
        { key: 'lift', name: messages.getMessage('column.lift') },
        { key: 'tiers', name: messages.getMessage('column.tiers') },
      ],
    });
    this.table({
      title: messages.getMessage('table.weights'),
      data: result.config.factors.map((factor) => ({
        factor: factor.key,
        weight: result.fittedFactors.includes(factor.key) ? factor.weight.toFixed(2) : `${factor.weight} (kept)`,
      })),
      columns: [
        { key: 'factor', name: messages.getMessage('column.factor') },
        { key: 'weight', name: messages.getMessage('column.weight') },
      ],
    });
    const { tiers, baseRate } = result.config;
    this.log(messages.getMessage('info.tiers', [baseRate, tiers.moderate, tiers.high, tiers.critical]));
    this.log(
      messages.getMessage('info.files', [
        result.files.length,
        result.files[0] ? result.files[0].replace(/[^/\\]+$/, '') : '',
      ]),
    );
  }
}
