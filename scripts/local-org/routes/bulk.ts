import { stringify } from 'csv-stringify/sync';
import type { OrgState } from '../org.js';
import type { ObjectDef } from '../model.js';
import { csv, json, jsonObject, Router } from '../http.js';
import { HttpError } from '../errors.js';
import { makeId } from '../ids.js';
import { csvLine, csvText } from '../csv.js';
import { formatDateTime, scalarText } from '../values.js';
import {
  DELIMITERS,
  IngestOperation,
  IngestProcessor,
  InvalidBatch,
  parseUpload,
  unprocessedCsv,
  Upload,
} from '../bulkIngest.js';
import type { Query } from '@jetstreamapp/soql-parser-js';
import { parseSoql, QueryRunner } from '../soql/execute.js';
import { AGGREGATES } from '../soql/where.js';
import { objectOr404 } from './sobjects.js';

type JobState = 'Open' | 'UploadComplete' | 'InProgress' | 'JobComplete' | 'Failed' | 'Aborted';

type IngestJob = {
  id: string;
  object: ObjectDef;
  operation: IngestOperation;
  externalIdFieldName?: string;
  lineEnding: string;
  columnDelimiter: string;
  state: JobState;
  createdDate: string;
  systemModstamp: string;
  data: Buffer[];
  upload?: Upload;
  processor?: IngestProcessor;
  errorMessage?: string;
  startedAt?: number;
  finishedAt?: number;
};

type QueryJob = {
  id: string;
  object: string;
  operation: 'query' | 'queryAll';
  query: string;
  state: JobState;
  createdDate: string;
  systemModstamp: string;
  columnDelimiter: string;
  lineEnding: string;
  header: string[];
  rows: string[][];
  errorMessage?: string;
};

const MAX_KEPT_JOBS = 200;

/** Salesforce keeps jobs for days; the local org keeps the most recent ones so a long demo stays small. */
function forgetOldJobs(jobs: Map<string, { state: JobState }>): void {
  for (const [id, job] of jobs) {
    if (jobs.size <= MAX_KEPT_JOBS) return;
    if (['JobComplete', 'Failed', 'Aborted'].includes(job.state)) jobs.delete(id);
  }
}

const OPERATIONS = new Set(['insert', 'update', 'upsert', 'delete', 'hardDelete']);
const SLICE_ROWS = 10_000;

/**
 * Bulk API 2.0 refuses GROUP BY, OFFSET and TYPEOF, aggregate functions and parent-to-child subqueries
 * ("Understanding Bulk API 2.0 Query", SOQL considerations). A subquery is answered with the message a
 * real org gives (OpenFn/adaptors#395); the others' wording and every error code are this org's.
 */
function rejectForBulk(query: Query): void {
  const refuse = (what: string): never => {
    throw new HttpError(400, 'API_ERROR', `${what} not supported in Bulk V2 Query`);
  };
  if (query.groupBy) refuse('GROUP BY is');
  if (query.offset !== undefined) refuse('OFFSET is');
  for (const f of query.fields ?? []) {
    if (f.type === 'FieldSubquery')
      throw new HttpError(
        400,
        'API_ERROR',
        'Aggregate Relationships not supported in Bulk V2 Query with CSV content type.',
      );
    if (f.type === 'FieldTypeof') refuse('TYPEOF is');
    if (f.type === 'FieldFunctionExpression' && AGGREGATES.has(f.functionName.toUpperCase()))
      refuse(`Aggregate function ${f.functionName.toUpperCase()}() is`);
  }
}

/** The CSV columns of a bulk query: the selected paths as written. */
function columnsOf(query: Query): string[] {
  let expression = 0;
  return (query.fields ?? []).map((f) => {
    if (f.type === 'Field') return f.field;
    if (f.type === 'FieldRelationship') return [...f.relationships, f.field].join('.');
    if (f.type === 'FieldFunctionExpression') return f.alias ?? `expr${expression++}`;
    throw new HttpError(400, 'API_ERROR', `Bulk API 2.0 query jobs do not support ${f.type}`);
  });
}

/** The value at a column's path (split at its dots), its names matched ignoring case as SOQL does. */
function valueAt(record: Record<string, unknown>, segments: readonly string[]): unknown {
  let current: unknown = record;
  for (const segment of segments) {
    if (!current || typeof current !== 'object') return null;
    const object = current as Record<string, unknown>;
    if (Object.hasOwn(object, segment)) {
      current = object[segment];
      continue;
    }
    const lower = segment.toLowerCase();
    current = Object.entries(object).find(([key]) => key.toLowerCase() === lower)?.[1];
  }
  return current;
}

/** Bulk API 2.0: ingest jobs (insert, update, upsert, delete) and query jobs. */
export function bulkRoutes(router: Router, org: OrgState, random: () => number): void {
  const ingestJobs = new Map<string, IngestJob>();
  const queryJobs = new Map<string, QueryJob>();
  let jobCount = Math.floor(random() * 1000);
  const userId = org.identity.userId;

  const ingestInfo = (job: IngestJob, version: string): Record<string, unknown> => {
    const processed = job.processor?.processed ?? 0;
    const failed = job.processor?.failed ?? 0;
    const elapsed = job.startedAt ? (job.finishedAt ?? Date.now()) - job.startedAt : 0;
    return {
      id: job.id,
      operation: job.operation,
      object: job.object.name,
      createdById: userId,
      createdDate: job.createdDate,
      systemModstamp: job.systemModstamp,
      state: job.state,
      ...(job.externalIdFieldName ? { externalIdFieldName: job.externalIdFieldName } : {}),
      concurrencyMode: 'Parallel',
      contentType: 'CSV',
      apiVersion: Number(version),
      contentUrl: `services/data/v${version}/jobs/ingest/${job.id}/batches`,
      lineEnding: job.lineEnding,
      columnDelimiter: job.columnDelimiter,
      jobType: 'V2Ingest',
      numberRecordsProcessed: processed,
      numberRecordsFailed: failed,
      retries: 0,
      totalProcessingTime: elapsed,
      apiActiveProcessingTime: elapsed,
      apexProcessingTime: 0,
      ...(job.errorMessage ? { errorMessage: job.errorMessage } : {}),
    };
  };

  const findIngest = (id: string): IngestJob => {
    const job = ingestJobs.get(id);
    if (!job) throw new HttpError(404, 'NOT_FOUND', `Job ${id} does not exist`);
    return job;
  };

  const touch = (job: { state: JobState; systemModstamp: string }, state: JobState): void => {
    job.state = state;
    job.systemModstamp = formatDateTime(Date.now());
  };

  const processIngest = (job: IngestJob): void => {
    const step = (): void => {
      if (job.state === 'Aborted') return;
      try {
        if (!job.processor) {
          job.startedAt = Date.now();
          touch(job, 'InProgress');
          job.upload = parseUpload(Buffer.concat(job.data), DELIMITERS[job.columnDelimiter]);
          job.data = [];
          job.processor = new IngestProcessor(org, job.object, job.operation, job.upload, job.externalIdFieldName);
        }
        const before = job.processor.processed;
        job.processor.processSlice(SLICE_ROWS);
        // Each slice of up to 10,000 records is one batch of the daily allocation; an empty job uses none.
        if (job.processor.processed > before) org.allocations.bulkBatches++;
        if (!job.processor.done) {
          setImmediate(step);
          return;
        }
        job.finishedAt = Date.now();
        touch(job, 'JobComplete');
      } catch (error) {
        job.errorMessage =
          error instanceof InvalidBatch ? error.message : `InternalServerError : ${(error as Error).message}`;
        job.finishedAt = Date.now();
        touch(job, 'Failed');
      }
    };
    setImmediate(step);
  };

  router
    .add('POST', '{api}/jobs/ingest', (req, [version]) => {
      const body = jsonObject(req);
      const operation = scalarText(body.operation);
      if (!OPERATIONS.has(operation))
        throw new HttpError(400, 'INVALIDJOB', `InvalidJob : Invalid operation: ${operation}`);
      const object = objectOr404(org, scalarText(body.object));
      if (operation === 'upsert' && !body.externalIdFieldName) {
        throw new HttpError(400, 'INVALIDJOB', 'InvalidJob : External ID field is required for upsert');
      }
      const columnDelimiter = scalarText(body.columnDelimiter ?? 'COMMA');
      if (!DELIMITERS[columnDelimiter])
        throw new HttpError(400, 'INVALIDJOB', `InvalidJob : Invalid column delimiter: ${columnDelimiter}`);
      const now = formatDateTime(Date.now());
      const job: IngestJob = {
        id: makeId('750', ++jobCount),
        object,
        operation: operation as IngestOperation,
        externalIdFieldName: body.externalIdFieldName ? scalarText(body.externalIdFieldName) : undefined,
        lineEnding: scalarText(body.lineEnding ?? 'LF'),
        columnDelimiter,
        state: 'Open',
        createdDate: now,
        systemModstamp: now,
        data: [],
      };
      ingestJobs.set(job.id, job);
      forgetOldJobs(ingestJobs);
      return json(200, ingestInfo(job, version));
    })
    .add('GET', '{api}/jobs/ingest', (_req, [version]) =>
      json(200, {
        done: true,
        records: [...ingestJobs.values()].map((j) => ingestInfo(j, version)),
        nextRecordsUrl: null,
      }),
    )
    .add('PUT', '{api}/jobs/ingest/{id}/batches', (req, [, id]) => {
      const job = findIngest(id);
      if (job.state !== 'Open') throw new HttpError(409, 'INVALIDJOBSTATE', `InvalidJobState : Job ${id} is not Open`);
      if (job.data.length > 0) {
        // Salesforce takes one upload per job; a second one would duplicate every row.
        throw new HttpError(
          400,
          'INVALIDJOBSTATE',
          `Found multiple contents for job: <${id}>, please 'Close' / 'Abort' / 'Delete' the current Job then create a new Job and make sure you only do 'PUT' once on a given Job.`,
        );
      }
      job.data.push(req.body);
      return { status: 201 };
    })
    .add('GET', '{api}/jobs/ingest/{id}', (_req, [version, id]) => json(200, ingestInfo(findIngest(id), version)))
    .add('PATCH', '{api}/jobs/ingest/{id}', (req, [version, id]) => {
      const job = findIngest(id);
      const state = jsonObject(req).state;
      if (state === 'UploadComplete') {
        if (job.state !== 'Open')
          throw new HttpError(409, 'INVALIDJOBSTATE', `InvalidJobState : Job ${id} is not Open`);
        touch(job, 'UploadComplete');
        processIngest(job);
      } else if (state === 'Aborted') {
        if (job.state === 'JobComplete' || job.state === 'Failed') {
          throw new HttpError(409, 'INVALIDJOBSTATE', `InvalidJobState : Job ${id} is already finished`);
        }
        touch(job, 'Aborted');
      } else {
        throw new HttpError(400, 'INVALIDJOBSTATE', `InvalidJobState : Cannot change the state to ${String(state)}`);
      }
      return json(200, ingestInfo(job, version));
    })
    .add('DELETE', '{api}/jobs/ingest/{id}', (_req, [, id]) => {
      const job = findIngest(id);
      if (job.state === 'UploadComplete' || job.state === 'InProgress') {
        throw new HttpError(409, 'INVALIDJOBSTATE', `InvalidJobState : Job ${id} is still running`);
      }
      ingestJobs.delete(id);
      return { status: 204 };
    })
    .add('GET', '{api}/jobs/ingest/{id}/successfulResults', (_req, [, id]) => {
      const job = findIngest(id);
      return csv(200, job.processor ? job.processor.successfulCsv() : 'sf__Id,sf__Created\n');
    })
    .add('GET', '{api}/jobs/ingest/{id}/failedResults', (_req, [, id]) => {
      const job = findIngest(id);
      return csv(
        200,
        job.processor
          ? job.processor.failedCsv()
          : csvText([csvLine(['sf__Id', 'sf__Error', ...(job.upload?.header ?? [])])]),
      );
    })
    .add('GET', '{api}/jobs/ingest/{id}/unprocessedrecords', (_req, [, id]) => {
      const job = findIngest(id);
      if (!job.upload) return csv(200, Buffer.concat(job.data).toString('utf8'));
      return csv(200, unprocessedCsv(job.upload, job.processor?.processed ?? 0));
    });

  const queryInfo = (job: QueryJob, version: string): Record<string, unknown> => ({
    id: job.id,
    operation: job.operation,
    object: job.object,
    createdById: userId,
    createdDate: job.createdDate,
    systemModstamp: job.systemModstamp,
    state: job.state,
    concurrencyMode: 'Parallel',
    contentType: 'CSV',
    apiVersion: Number(version),
    lineEnding: job.lineEnding,
    columnDelimiter: job.columnDelimiter,
    jobType: 'V2Query',
    numberRecordsProcessed: job.state === 'JobComplete' ? job.rows.length : 0,
    retries: 0,
    totalProcessingTime: 0,
    ...(job.errorMessage ? { errorMessage: job.errorMessage } : {}),
  });

  const findQuery = (id: string): QueryJob => {
    const job = queryJobs.get(id);
    if (!job) throw new HttpError(404, 'NOT_FOUND', `Job ${id} does not exist`);
    return job;
  };

  router
    .add('POST', '{api}/jobs/query', (req, [version]) => {
      const body = jsonObject(req);
      const operation = body.operation === 'queryAll' ? 'queryAll' : 'query';
      const soql = scalarText(body.query);
      const query = parseSoql(soql);
      rejectForBulk(query);
      org.allocations.bulkV2QueryJobs++;
      const now = formatDateTime(Date.now());
      const job: QueryJob = {
        id: makeId('750', ++jobCount),
        object: query.sObject ?? '',
        operation,
        query: soql,
        state: 'UploadComplete',
        createdDate: now,
        systemModstamp: now,
        columnDelimiter: scalarText(body.columnDelimiter ?? 'COMMA'),
        lineEnding: scalarText(body.lineEnding ?? 'LF'),
        header: [],
        rows: [],
      };
      const header = columnsOf(query);
      const result = new QueryRunner(org.queryContext(version, operation === 'queryAll')).run(query);
      queryJobs.set(job.id, job);
      forgetOldJobs(queryJobs);
      setImmediate(() => {
        if (job.state === 'Aborted') return;
        job.header = header;
        const paths = header.map((h) => h.split('.'));
        job.rows = result.records(0, result.totalSize).map((r) => paths.map((p) => scalarText(valueAt(r, p))));
        touch(job, 'JobComplete');
      });
      return json(200, queryInfo(job, version));
    })
    .add('GET', '{api}/jobs/query/{id}', (_req, [version, id]) => json(200, queryInfo(findQuery(id), version)))
    .add('PATCH', '{api}/jobs/query/{id}', (req, [version, id]) => {
      const job = findQuery(id);
      if (jsonObject(req).state !== 'Aborted')
        throw new HttpError(400, 'INVALIDJOBSTATE', 'InvalidJobState : only Aborted is allowed');
      touch(job, 'Aborted');
      return json(200, queryInfo(job, version));
    })
    .add('DELETE', '{api}/jobs/query/{id}', (_req, [, id]) => {
      findQuery(id);
      queryJobs.delete(id);
      return { status: 204 };
    })
    .add('GET', '{api}/jobs/query/{id}/results', (req, [, id]) => {
      const job = findQuery(id);
      if (job.state !== 'JobComplete')
        throw new HttpError(400, 'INVALIDJOBSTATE', `InvalidJobState : Job ${id} is not complete`);
      const start = Number(req.query.get('locator') ?? '0') || 0;
      const max = Number(req.query.get('maxRecords') ?? '0') || 50_000;
      const rows = job.rows.slice(start, start + max);
      const next = start + max < job.rows.length ? String(start + max) : 'null';
      const delimiter = DELIMITERS[job.columnDelimiter] ?? ',';
      const body = job.header.length ? stringify([job.header, ...rows], { quoted: true, delimiter }) : '';
      return csv(200, body, { 'sforce-locator': next, 'sforce-numberofrecords': String(rows.length) });
    });
}
