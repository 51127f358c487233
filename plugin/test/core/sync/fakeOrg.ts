/**
 * An in-memory org speaking the few REST calls the sync makes (SOQL by pages, Collections upsert,
 * Bulk API 2.0 ingest), with a limit header and scripted failures, for tests of the whole run
 * without HTTP. The end-to-end tests under test/sync/ cover the real local org.
 */
import { parse } from 'csv-parse/sync';
import type { OrgConnection, OrgHttpRequest } from '../../../src/core/org/connection.js';

type Row = Record<string, string | number | null>;

type Job = { rows: Row[]; failed: Array<[Row, string]> };

/** Scripted trouble: refused records, failing requests, answers lost after the work was done. */
export type FakeFaults = {
  /** An error code to refuse a record with, or undefined to accept it. */
  refuse?: (record: Row) => string | undefined;
  /** Each entry makes one of the next requests fail with that error, before any work. */
  failNext: Array<() => Error>;
  /** Requests carried out whose answer is lost on the way back. */
  loseAnswer?: (request: OrgHttpRequest) => boolean;
};

export class FakeOrg implements OrgConnection {
  public limitInfo: OrgConnection['limitInfo'] = {};
  public readonly snapshots = new Map<string, Row>();
  public calls: string[] = [];
  /** Savings_Assumption__mdt rows the assumptions query answers (Active ones only, as the query asks). */
  public assumptionSets: Array<Record<string, unknown>> = [];
  public readonly faults: FakeFaults = { failNext: [] };
  private usage = 0;
  private readonly jobs = new Map<string, Job>();
  private months: string[] = [];

  public constructor(
    public readonly accounts: Record<string, string>,
    private readonly pageSize = 2000,
  ) {}

  public request<T>(request: OrgHttpRequest): Promise<T> {
    this.usage++;
    this.limitInfo = { apiUsage: { used: this.usage, limit: 15_000 } };
    this.calls.push(`${request.method} ${request.url.split('?')[0]}`);
    const failure = this.faults.failNext.shift();
    if (failure) return Promise.reject(failure());
    try {
      const answer = this.answer(request) as T;
      if (this.faults.loseAnswer?.(request)) {
        return Promise.reject(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
      }
      return Promise.resolve(answer);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  private answer(request: OrgHttpRequest): unknown {
    const { method, url } = request;
    if (method === 'GET' && url.startsWith('/query?q=')) {
      const soql = decodeURIComponent(url.slice('/query?q='.length));
      if (soql.includes('FROM Savings_Assumption__mdt')) {
        return { totalSize: this.assumptionSets.length, done: true, records: this.assumptionSets };
      }
      if (/FROM Account\b/.test(soql)) return this.page('a', this.accountRecords(), 0);
      this.months = /Period_Start__c IN \(([^)]*)\)/.exec(soql)![1].split(', ');
      return this.page('s', this.snapshotRecords(), 0);
    }
    if (method === 'GET' && url.startsWith('/query/')) {
      const [kind, offset] = url.slice('/query/'.length).split('-');
      return this.page(kind, kind === 'a' ? this.accountRecords() : this.snapshotRecords(), Number(offset));
    }
    if (method === 'PATCH' && url === '/composite/sobjects/Utilization_Snapshot__c/Snapshot_Key__c') {
      const body = JSON.parse(request.body!) as { records: Row[] };
      return body.records.map((record) => this.upsert(record));
    }
    if (method === 'POST' && url === '/jobs/ingest') {
      const id = `750${this.jobs.size}`;
      this.jobs.set(id, { rows: [], failed: [] });
      return { id, state: 'Open' };
    }
    const job = /^\/jobs\/ingest\/(\w+)(\/\w+)?$/.exec(url);
    if (job) return this.answerJob(request, job[1], job[2]);
    throw Object.assign(new Error(`the fake org does not answer ${method} ${url}`), { errorCode: 'NOT_FOUND' });
  }

  private answerJob(request: OrgHttpRequest, id: string, part: string | undefined): unknown {
    const job = this.jobs.get(id)!;
    const { method } = request;
    if (method === 'PUT') {
      if (job.rows.length)
        throw Object.assign(new Error('the job already has its data'), { errorCode: 'INVALIDJOBSTATE' });
      job.rows = parse<Row>(request.body!, { columns: true });
      return '';
    }
    if (method === 'PATCH') {
      if ((JSON.parse(request.body!) as { state: string }).state === 'Aborted') return { id, state: 'Aborted' };
      for (const row of job.rows) {
        for (const [field, value] of Object.entries(row)) if (value === '#N/A') row[field] = null;
        const outcome = this.upsert(row);
        if (!outcome.success) job.failed.push([row, `${outcome.errors[0].statusCode}:${outcome.errors[0].message}`]);
      }
      return { id, state: 'UploadComplete' };
    }
    if (part === '/failedResults') {
      const lines = ['"sf__Id","sf__Error","Snapshot_Key__c"'];
      for (const [row, error] of job.failed) lines.push(`"","${error}","${String(row.Snapshot_Key__c)}"`);
      return lines.join('\n');
    }
    return {
      id,
      state: 'JobComplete',
      numberRecordsProcessed: job.rows.length,
      numberRecordsFailed: job.failed.length,
    };
  }

  private accountRecords(): Array<Record<string, unknown>> {
    return Object.entries(this.accounts).map(([planId, id]) => ({ Id: id, Health_Plan_Id__c: planId }));
  }

  /** Key and hash of the snapshots of the months the last snapshot query named. */
  private snapshotRecords(): Array<Record<string, unknown>> {
    return [...this.snapshots.values()]
      .filter((row) => this.months.includes(String(row.Period_Start__c)))
      .map((row) => ({ Snapshot_Key__c: row.Snapshot_Key__c, Content_Hash__c: row.Content_Hash__c }));
  }

  private page(kind: string, records: Array<Record<string, unknown>>, offset: number): unknown {
    const slice = records.slice(offset, offset + this.pageSize);
    const done = offset + this.pageSize >= records.length;
    return {
      totalSize: records.length,
      done,
      records: slice,
      ...(done ? {} : { nextRecordsUrl: `/query/${kind}-${offset + this.pageSize}` }),
    };
  }

  private upsert(record: Row): {
    success: boolean;
    errors: Array<{ statusCode: string; message: string; fields: string[] }>;
  } {
    const key = String(record.Snapshot_Key__c);
    const refusal = this.faults.refuse?.(record);
    if (refusal) return { success: false, errors: [{ statusCode: refusal, message: `refused ${key}`, fields: [] }] };
    const existing = this.snapshots.get(key);
    if (existing && 'Account__c' in record) {
      return {
        success: false,
        errors: [{ statusCode: 'INVALID_FIELD_FOR_INSERT_UPDATE', message: 'Account__c', fields: ['Account__c'] }],
      };
    }
    if (!existing && !record.Account__c) {
      return {
        success: false,
        errors: [{ statusCode: 'REQUIRED_FIELD_MISSING', message: 'Account__c', fields: ['Account__c'] }],
      };
    }
    const fields: Row = { ...record };
    delete fields.attributes;
    this.snapshots.set(key, { ...(existing ?? {}), ...fields });
    return { success: true, errors: [] };
  }
}
