import { writeFile } from 'node:fs/promises';
import { Messages } from '@salesforce/core';
import { Flags, SfCommand } from '@salesforce/sf-plugins-core';
import type { OrgConnection } from '../../../core/org/connection.js';
import { backtestReport } from '../../../core/risk/backtest/report.js';
import { runBacktest, type BacktestResult } from '../../../core/risk/backtest/runBacktest.js';
import { isIsoDate } from '../../../core/risk/model/index.js';
import { RiskConfigError } from '../../../core/risk/scoreRenewalRisk.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('@health-plan-accounts/plugin-healthplan', 'healthplan.risk.backtest');

export type { BacktestResult };

const isoDate =
  (name: string) =>
  async (value: string): Promise<string> => {
    if (!isIsoDate(value)) throw messages.createError('error.date', [name, value]);
    return Promise.resolve(value);
  };

export default class RiskBacktest extends SfCommand<BacktestResult> {
  public static readonly summary = messages.getMessage('summary');
  public static readonly description = messages.getMessage('description');
  public static readonly examples = messages.getMessages('examples');

  public static readonly flags = {
    'target-org': Flags.requiredOrg(),
    'api-version': Flags.orgApiVersion(),
    'horizon-days': Flags.integer({
      summary: messages.getMessage('flags.horizon-days.summary'),
      default: 180,
      min: 1,
      max: 730,
    }),
    from: Flags.string({ summary: messages.getMessage('flags.from.summary'), parse: isoDate('--from') }),
    to: Flags.string({ summary: messages.getMessage('flags.to.summary'), parse: isoDate('--to') }),
    output: Flags.file({ summary: messages.getMessage('flags.output.summary') }),
  };

  public async run(): Promise<BacktestResult> {
    const { flags } = await this.parse(RiskBacktest);
    const conn = flags['target-org'].getConnection(flags['api-version']) as unknown as OrgConnection;
    const today = new Date().toISOString().slice(0, 10);
    this.spinner.start(messages.getMessage('spinner', [flags['horizon-days']]));
    let result: BacktestResult;
    try {
      result = await runBacktest(conn, { horizonDays: flags['horizon-days'], from: flags.from, to: flags.to, today });
    } catch (error) {
      this.spinner.stop('failed');
      if (error instanceof RiskConfigError) throw messages.createError('error.config', [error.message]);
      throw error;
    }
    this.spinner.stop();
    if (flags.output) await writeFile(flags.output, backtestReport(result));
    this.report(result, flags.output);
    return result;
  }

  private report(result: BacktestResult, output: string | undefined): void {
    if (!result.renewals) {
      this.log(messages.getMessage('info.none'));
      return;
    }
    const pct = (value: number | null): string => (value === null ? 'n/a' : `${(value * 100).toFixed(1)}%`);
    this.log(
      messages.getMessage('info.summary', [
        result.renewals,
        result.lost,
        pct(result.lostRate),
        result.horizonDays,
        result.auc?.toFixed(3) ?? 'n/a',
        result.brier?.toFixed(4) ?? 'n/a',
        result.baseRateBrier?.toFixed(4) ?? 'n/a',
        result.topDecileLift?.toFixed(2) ?? 'n/a',
      ]),
    );
    this.table({
      data: result.tiers.map((tier) => ({
        tier: tier.tier,
        renewals: tier.renewals,
        lost: tier.lost,
        rate: pct(tier.lostRate),
      })),
      columns: [
        { key: 'tier', name: messages.getMessage('column.tier') },
        { key: 'renewals', name: messages.getMessage('column.renewals') },
        { key: 'lost', name: messages.getMessage('column.lost') },
        { key: 'rate', name: messages.getMessage('column.rate') },
      ],
    });
    this.table({
      title: messages.getMessage('table.misses'),
      data: result.worstMisses.map((miss) => ({
        plan: miss.healthPlanId,
        end: miss.endDate,
        outcome: miss.outcome,
        score: `${miss.score.toFixed(1)} ${miss.tier}`,
        driver: miss.drivers[0]?.sentence ?? '',
      })),
      columns: [
        { key: 'plan', name: messages.getMessage('column.plan') },
        { key: 'end', name: messages.getMessage('column.end') },
        { key: 'outcome', name: messages.getMessage('column.outcome') },
        { key: 'score', name: messages.getMessage('column.score') },
        { key: 'driver', name: messages.getMessage('column.driver') },
      ],
      overflow: 'wrap',
    });
    for (const entry of result.leftOut) this.log(messages.getMessage('info.leftOut', [entry.factor, entry.reason]));
    if (output) this.log(messages.getMessage('info.report', [output]));
  }
}
