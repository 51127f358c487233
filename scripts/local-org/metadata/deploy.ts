import { buildModel } from '../model.js';
import type { OrgState } from '../org.js';
import { makeId } from '../ids.js';
import { formatDateTime } from '../values.js';
import { applyPermissionSetMetadata } from '../permissions.js';
import { parseCustomMetadataRecord } from '../../schema/forceAppSchema.js';
import type { OrgSchema } from '../../schema/types.js';
import { Component, ComponentProblem, parsePackage, readZip } from './package.js';
import { checkComponents } from './rules.js';
import { ComponentView, schemaOf, viewKey, xmlOf } from './schema.js';

export type TestLevel = 'NoTestRun' | 'RunSpecifiedTests' | 'RunLocalTests' | 'RunAllTestsInOrg';

export type DeployOptions = {
  checkOnly: boolean;
  ignoreWarnings: boolean;
  rollbackOnError: boolean;
  testLevel?: TestLevel;
  runTests: string[];
  singlePackage: boolean;
};

export type DeployStatus = 'Pending' | 'InProgress' | 'Succeeded' | 'SucceededPartial' | 'Failed' | 'Canceled';

/** One entry of componentSuccesses / componentFailures, as the Metadata API's DeployMessage. */
export type DeployMessage = {
  changed: boolean;
  componentType: string;
  created: boolean;
  createdDate: string;
  deleted: boolean;
  fileName: string;
  fullName: string;
  id?: string;
  problem?: string;
  problemType?: 'Error' | 'Warning';
  success: boolean;
};

export type DeployJob = {
  id: string;
  options: DeployOptions;
  status: DeployStatus;
  createdDate: string;
  startDate?: string;
  completedDate?: string;
  successes: DeployMessage[];
  failures: DeployMessage[];
  total: number;
  errorMessage?: string;
  errorStatusCode?: string;
  /** The components a successful validation checked, for a quick deploy. */
  validated?: Component[];
  validatedDeployRequestId?: string;
};

const TEST_LEVELS = new Set(['NoTestRun', 'RunSpecifiedTests', 'RunLocalTests', 'RunAllTestsInOrg']);
/** A validation can be quick-deployed for 10 days (Metadata API deployRecentValidation). */
const QUICK_DEPLOY_MS = 10 * 24 * 3600 * 1000;

export class DeployError extends Error {
  public constructor(
    public readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Checks deploy options as the Metadata API does before it queues anything. */
export function checkOptions(options: DeployOptions): void {
  if (options.testLevel !== undefined && !TEST_LEVELS.has(options.testLevel)) {
    throw new DeployError('INVALID_CROSS_REFERENCE_KEY', `Invalid testLevel: ${String(options.testLevel)}`);
  }
  if (options.testLevel === 'RunSpecifiedTests' && options.runTests.length === 0) {
    throw new DeployError(
      'INVALID_OPERATION',
      'Specified tests must be provided if the test level is set to RunSpecifiedTests',
    );
  }
}

/**
 * Metadata deploys: all or nothing (or what passes, with rollbackOnError false), checked against the state
 * the deploy would leave, then applied to the org's metadata, schema and data in one transaction.
 */
export class MetadataDeployer {
  private readonly jobs = new Map<string, DeployJob>();
  private sequence = 0;

  public constructor(private readonly org: OrgState) {}

  public job(id: string): DeployJob | undefined {
    return this.jobs.get(id) ?? [...this.jobs.values()].find((job) => job.id.slice(0, 15) === id.slice(0, 15));
  }

  /** Queues a deploy of a zip; it runs after the caller has its id, as Salesforce's deploy() answers at once. */
  public start(zip: Buffer, options: DeployOptions): DeployJob {
    checkOptions(options);
    const job = this.newJob(options);
    setImmediate(() => {
      readZip(zip).then(
        (files) => this.run(job, files),
        (error: unknown) => this.fail(job, 'INVALID_ZIP', `Invalid zip file: ${(error as Error).message}`),
      );
    });
    return job;
  }

  /** Deploys files (path → text) now; the preload and the async path both come through here. */
  public deployFiles(files: Map<string, string>, options: DeployOptions): DeployJob {
    checkOptions(options);
    const job = this.newJob(options);
    this.run(job, files);
    return job;
  }

  /** Deploys what a recent successful validation checked, without checking again (deployRecentValidation). */
  public quickDeploy(validationId: string): DeployJob {
    const validation = this.job(validationId);
    if (!validation?.validated || validation.status !== 'Succeeded') {
      throw new DeployError('INVALID_ID_FIELD', `No validated deploy request found with id ${validationId}`);
    }
    if (Date.now() - Date.parse(validation.completedDate ?? '') > QUICK_DEPLOY_MS) {
      throw new DeployError('INVALID_ID_FIELD', `The validation ${validationId} is older than 10 days`);
    }
    const job = this.newJob({ ...validation.options, checkOnly: false });
    job.validatedDeployRequestId = validation.id;
    job.startDate = formatDateTime(Date.now());
    const components = validation.validated;
    validation.validated = undefined;
    this.apply(job, components, []);
    return job;
  }

  private newJob(options: DeployOptions): DeployJob {
    const id = makeId('0Af', ++this.sequence + Math.floor(Date.now() / 1000) * 1000);
    const job: DeployJob = {
      id,
      options,
      status: 'Pending',
      createdDate: formatDateTime(Date.now()),
      successes: [],
      failures: [],
      total: 0,
    };
    this.jobs.set(id, job);
    return job;
  }

  private fail(job: DeployJob, code: string, message: string): void {
    job.status = 'Failed';
    job.errorStatusCode = code;
    job.errorMessage = message;
    job.completedDate = formatDateTime(Date.now());
  }

  private run(job: DeployJob, files: Map<string, string>): void {
    job.status = 'InProgress';
    job.startDate = formatDateTime(Date.now());
    let parsed;
    try {
      parsed = parsePackage(files);
    } catch (error) {
      this.fail(job, 'INVALID_ZIP', (error as Error).message);
      return;
    }
    const { components } = parsed;
    const problems = [...parsed.problems, ...this.check(components)];
    job.total = components.length;
    const errors = problems.filter((p) => p.problemType === 'Error' || !job.options.ignoreWarnings);
    const failing = new Set(errors.map((p) => viewKey(p.type, p.fullName)));
    const passing = components.filter((c) => !failing.has(viewKey(c.type, c.fullName)));
    if (errors.length > 0 && job.options.rollbackOnError) {
      this.finish(job, 'Failed', this.successMessages(passing, false), problems);
      return;
    }
    if (job.options.checkOnly) {
      job.validated = passing;
      this.finish(job, errors.length > 0 ? 'Failed' : 'Succeeded', this.successMessages(passing, false), problems);
      return;
    }
    this.apply(job, passing, problems);
  }

  /** Problems of the components against the state they would leave in the org. */
  private check(components: Component[]): ComponentProblem[] {
    const view: ComponentView = new Map(this.org.metadata.all().map((c) => [viewKey(c.type, c.fullName), c]));
    for (const component of components) view.set(viewKey(component.type, component.fullName), component);
    const problems: ComponentProblem[] = [];
    const report = (component: Component, problem: string): void => {
      problems.push({
        type: component.type,
        fullName: component.fullName,
        fileName: component.fileName,
        problem,
        problemType: 'Error',
      });
    };
    const schema = schemaOf(view, report);
    const model = buildModel(schema);
    checkComponents(components, {
      view,
      model,
      orgHistory: (name) => this.org.historyTracking(name),
      report,
    });
    for (const component of components) {
      if (component.type !== 'CustomMetadata') continue;
      try {
        customMetadataRecord(component, schema);
      } catch (error) {
        report(component, (error as Error).message);
      }
    }
    // Problems of a component's own file are reported once, on the component that was deployed.
    const deployed = new Set(components.map((c) => viewKey(c.type, c.fullName)));
    const seen = new Set<string>();
    return problems.filter((p) => {
      const key = `${viewKey(p.type, p.fullName)}|${p.problem}`;
      if (!deployed.has(viewKey(p.type, p.fullName)) || seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }

  private apply(job: DeployJob, components: Component[], problems: ComponentProblem[]): void {
    const now = formatDateTime(Date.now());
    const successes: DeployMessage[] = [];
    try {
      this.org.store.transaction(() => {
        for (const component of components) {
          const stored = this.org.metadata.put(component, now);
          successes.push(message(component, { ...stored, createdDate: now }));
        }
        this.org.reloadSchema();
        const schema = schemaOf(
          new Map(this.org.metadata.all().map((c) => [viewKey(c.type, c.fullName), c])),
          () => undefined,
        );
        for (const component of components) {
          if (component.type === 'CustomMetadata')
            this.org.upsertCustomMetadata(customMetadataRecord(component, schema));
          if (component.type === 'PermissionSet')
            applyPermissionSetMetadata(this.org, component.fullName, component.xml);
        }
      });
    } catch (error) {
      this.org.reloadSchema();
      this.fail(job, 'UNKNOWN_EXCEPTION', `An unexpected error occurred: ${(error as Error).message}`);
      return;
    }
    this.finish(job, problems.length > 0 ? 'SucceededPartial' : 'Succeeded', successes, problems);
  }

  private successMessages(components: Component[], created: boolean): DeployMessage[] {
    const now = formatDateTime(Date.now());
    return components.map((component) => {
      const existing = this.org.metadata.get(component.type, component.fullName);
      return message(component, {
        id: this.org.metadata.idFor(component),
        created: created || !existing,
        changed: !existing || existing.xml !== component.xml,
        createdDate: now,
      });
    });
  }

  private finish(job: DeployJob, status: DeployStatus, successes: DeployMessage[], problems: ComponentProblem[]): void {
    const now = formatDateTime(Date.now());
    job.status = status;
    job.successes = [
      {
        changed: true,
        componentType: '',
        created: false,
        createdDate: now,
        deleted: false,
        fileName: 'package.xml',
        fullName: 'package.xml',
        success: true,
      },
      ...successes,
    ];
    job.failures = problems.map((p) => ({
      changed: false,
      componentType: p.type,
      created: false,
      createdDate: now,
      deleted: false,
      fileName: p.fileName,
      fullName: p.fullName,
      problem: p.problem,
      problemType: p.problemType,
      success: false,
    }));
    job.completedDate = now;
  }
}

function message(
  component: Component,
  state: { id: string; created: boolean; changed: boolean; createdDate: string },
): DeployMessage {
  return {
    changed: state.changed,
    componentType: component.type,
    created: state.created,
    createdDate: state.createdDate,
    deleted: false,
    fileName: component.fileName,
    fullName: component.fullName,
    id: state.id,
    success: true,
  };
}

function customMetadataRecord(component: Component, schema: OrgSchema): ReturnType<typeof parseCustomMetadataRecord> {
  const [typePrefix, developerName] = component.fullName.split('.');
  const type = `${typePrefix}__mdt`;
  const typeSchema = Object.values(schema.objects).find((o) => o.name.toLowerCase() === type.toLowerCase());
  if (!typeSchema || !developerName)
    throw new Error(`Custom metadata type ${type} is not available in this organization.`);
  return parseCustomMetadataRecord(
    component.fileName,
    typeSchema.name,
    developerName,
    xmlOf(component, 'CustomMetadata'),
    typeSchema,
  );
}

/** The result of checkDeployStatus, with details when asked. */
export function deployResult(org: OrgState, job: DeployJob, includeDetails: boolean): Record<string, unknown> {
  const done = !['Pending', 'InProgress'].includes(job.status);
  const errors = job.failures.filter((f) => f.problemType === 'Error').length;
  return {
    id: job.id,
    checkOnly: job.options.checkOnly,
    completedDate: job.completedDate,
    createdBy: org.identity.userId.slice(0, 15),
    createdByName: 'Local Admin',
    createdDate: job.createdDate,
    details: includeDetails
      ? {
          componentSuccesses: job.successes,
          componentFailures: job.failures,
          runTestResult: {
            numFailures: 0,
            numTestsRun: 0,
            totalTime: 0,
            successes: [],
            failures: [],
            codeCoverage: [],
          },
        }
      : { componentSuccesses: [], componentFailures: [] },
    done,
    errorMessage: job.errorMessage,
    errorStatusCode: job.errorStatusCode,
    ignoreWarnings: job.options.ignoreWarnings,
    lastModifiedDate: job.completedDate ?? job.startDate ?? job.createdDate,
    numberComponentErrors: errors,
    numberComponentsDeployed: done ? Math.max(0, job.successes.length - 1) : 0,
    numberComponentsTotal: job.total,
    numberTestErrors: 0,
    numberTestsCompleted: 0,
    numberTestsTotal: 0,
    rollbackOnError: job.options.rollbackOnError,
    runTestsEnabled: job.options.testLevel !== undefined && job.options.testLevel !== 'NoTestRun',
    startDate: job.startDate,
    status: job.status,
    success: job.status === 'Succeeded' || job.status === 'SucceededPartial',
  };
}
