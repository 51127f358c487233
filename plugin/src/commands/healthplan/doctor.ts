import { Messages } from '@salesforce/core';
import { Flags, SfCommand } from '@salesforce/sf-plugins-core';
import type { OrgConnection } from '../../core/org/connection.js';
import { runDoctor, type DoctorResult } from '../../core/doctor/runDoctor.js';
import type { Job } from '../../core/doctor/requirements.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('@health-plan-accounts/plugin-healthplan', 'healthplan.doctor');

export type { DoctorResult };

export default class Doctor extends SfCommand<DoctorResult> {
  public static readonly summary = messages.getMessage('summary');
  public static readonly description = messages.getMessage('description');
  public static readonly examples = messages.getMessages('examples');

  public static readonly flags = {
    'target-org': Flags.requiredOrg(),
    'api-version': Flags.orgApiVersion(),
    job: Flags.option({
      summary: messages.getMessage('flags.job.summary'),
      options: ['nightly', 'rep', 'admin'] as const,
      default: 'nightly',
    })(),
  };

  public async run(): Promise<DoctorResult> {
    const { flags } = await this.parse(Doctor);
    const org = flags['target-org'];
    const username = org.getUsername() ?? '';
    const conn = org.getConnection(flags['api-version']) as unknown as OrgConnection;
    this.spinner.start(messages.getMessage('spinner', [flags.job, username]));
    const result = await runDoctor(conn, { username, job: flags.job as Job });
    this.spinner.stop();
    for (const check of result.checks) {
      const label = messages.getMessage(`check.${check.name}`);
      if (check.ok) this.log(messages.getMessage('result.ok', [label]));
      for (const problem of result.problems.filter((p) => p.check === check.name)) {
        this.log(messages.getMessage('result.problem', [label, problem.message, problem.fix]));
      }
    }
    if (!result.ok) {
      throw messages.createError('error.problems', [result.problems.length], [], 1).setData(result);
    }
    this.log(
      messages.getMessage('result.allPassed', [result.checks.length, username, result.job, result.permissionSet]),
    );
    return result;
  }
}
