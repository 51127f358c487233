import { resolve } from 'node:path';
import { Messages } from '@salesforce/core';
import { Flags, SfCommand } from '@salesforce/sf-plugins-core';
import type { OrgConnection } from '../../core/org/connection.js';
import { isQuarter, lastCompleteQuarter } from '../../core/qbr/document/index.js';
import {
  generateQbrs,
  outputFormat,
  OutputFormatError,
  UnknownPlanError,
  type QbrResult,
} from '../../core/qbr/generateQbrs.js';
import { ChromiumMissingError } from '../../core/qbr/pdfPrinter.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('@health-plan-accounts/plugin-healthplan', 'healthplan.qbr');

export type { QbrResult };

export default class Qbr extends SfCommand<QbrResult> {
  public static readonly summary = messages.getMessage('summary');
  public static readonly description = messages.getMessage('description');
  public static readonly examples = messages.getMessages('examples');

  public static readonly flags = {
    'target-org': Flags.requiredOrg(),
    'api-version': Flags.orgApiVersion(),
    'health-plan-id': Flags.string({
      char: 'p',
      summary: messages.getMessage('flags.health-plan-id.summary'),
      exactlyOne: ['health-plan-id', 'all'],
    }),
    all: Flags.boolean({
      summary: messages.getMessage('flags.all.summary'),
      exactlyOne: ['health-plan-id', 'all'],
    }),
    quarter: Flags.string({
      char: 'q',
      summary: messages.getMessage('flags.quarter.summary'),
      parse: async (value: string) => {
        if (!isQuarter(value)) throw messages.createError('error.quarter', [value]);
        return Promise.resolve(value);
      },
    }),
    output: Flags.string({
      summary: messages.getMessage('flags.output.summary'),
      description: messages.getMessage('flags.output.description'),
      required: true,
      parse: async (value: string) => {
        try {
          outputFormat(value);
        } catch (error) {
          if (error instanceof OutputFormatError) throw messages.createError('error.output', [value]);
          throw error;
        }
        return Promise.resolve(value);
      },
    }),
    paper: Flags.option({
      summary: messages.getMessage('flags.paper.summary'),
      options: ['letter', 'a4'] as const,
      default: 'letter' as const,
    })(),
  };

  public async run(): Promise<QbrResult> {
    const { flags } = await this.parse(Qbr);
    const conn = flags['target-org'].getConnection(flags['api-version']) as unknown as OrgConnection;
    const today = new Date().toISOString().slice(0, 10);
    const quarter = flags.quarter ?? lastCompleteQuarter(today);
    let result: QbrResult;
    try {
      result = await generateQbrs(conn, {
        healthPlanId: flags['health-plan-id'],
        quarter,
        output: resolve(flags.output),
        paper: flags.paper,
        generatedOn: today,
        onProgress: flags.all
          ? (done, total): void => {
              if (done === 0)
                this.progress.start(total, {}, { title: messages.getMessage('progress.title', [quarter]) });
              else this.progress.update(done);
              if (done === total) this.progress.finish();
            }
          : undefined,
      });
    } catch (error) {
      this.progress.stop();
      if (error instanceof UnknownPlanError) throw messages.createError('error.unknownPlan', [error.healthPlanId]);
      if (error instanceof ChromiumMissingError) throw messages.createError('error.chromium', [error.path]);
      throw error;
    }
    for (const file of result.files) {
      this.log(messages.getMessage(file.empty ? 'info.writtenEmpty' : 'info.written', [file.planName, file.file]));
    }
    if (!result.files.length) this.warn(messages.getMessage('info.noPlans'));
    this.log(
      messages.getMessage('info.summary', [result.files.length, result.quarter, result.apiCalls, result.durationMs]),
    );
    return result;
  }
}
