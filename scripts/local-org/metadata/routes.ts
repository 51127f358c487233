import { ApiReply, ApiRequest, json, jsonObject, Router } from '../http.js';
import { HttpError } from '../errors.js';
import type { OrgState } from '../org.js';
import { DeployError, deployResult, DeployOptions, DeployJob, TestLevel } from './deploy.js';
import { MAX_ZIP_BYTES } from './package.js';
import { parseSoapCall, SoapFault, soapFault, soapResponse } from './soap.js';
import { readMultipart } from './multipart.js';
import { retrieveResult, startRetrieve } from './retrieve.js';

const bool = (value: unknown, fallback: boolean): boolean =>
  value === undefined || value === null || value === '' ? fallback : value === true || value === 'true';

const textOf = (value: unknown): string => (typeof value === 'string' ? value : '');

const strings = (value: unknown): string[] =>
  (Array.isArray(value) ? value : value === undefined || value === null || value === '' ? [] : [value]).map(String);

/** DeployOptions from SOAP (strings) or REST (JSON); defaults as the Metadata API documents them. */
export function deployOptions(raw: Record<string, unknown>): DeployOptions {
  return {
    checkOnly: bool(raw.checkOnly, false),
    ignoreWarnings: bool(raw.ignoreWarnings, false),
    rollbackOnError: bool(raw.rollbackOnError, true),
    testLevel: (raw.testLevel || undefined) as TestLevel | undefined,
    runTests: strings(raw.runTests),
    singlePackage: bool(raw.singlePackage, false),
  };
}

function soapReply(status: number, body: string): ApiReply {
  return { status, body, contentType: 'text/xml;charset=UTF-8' };
}

function soapJob(org: OrgState, id: unknown): DeployJob {
  const job = typeof id === 'string' ? org.deployer.job(id) : undefined;
  if (!job) throw new SoapFault('INVALID_ID_FIELD', `invalid id: ${String(id)}`);
  return job;
}

function zipOf(base64: unknown): Buffer {
  if (typeof base64 !== 'string' || base64 === '') throw new SoapFault('INVALID_ZIP', 'Missing ZipFile');
  const zip = Buffer.from(base64, 'base64');
  if (zip.length > MAX_ZIP_BYTES)
    throw new SoapFault(
      'EXCEEDED_MAX_SIZE_REQUEST',
      'Maximum size of request reached. Maximum size of request is 39 MB.',
    );
  return zip;
}

/** The Metadata API operations `sf project deploy` / `retrieve` call over SOAP. */
function soapOperation(org: OrgState, operation: string, body: Record<string, unknown>): unknown {
  switch (operation) {
    case 'deploy': {
      const job = org.deployer.start(
        zipOf(body.ZipFile),
        deployOptions((body.DeployOptions ?? {}) as Record<string, unknown>),
      );
      return { done: false, id: job.id, state: 'Queued' };
    }
    case 'checkDeployStatus':
      return deployResult(org, soapJob(org, body.asyncProcessId), bool(body.includeDetails, false));
    case 'deployRecentValidation':
      return org.deployer.quickDeploy(textOf(body.validationId)).id;
    case 'cancelDeploy': {
      const job = soapJob(org, body.id);
      return { done: !['Pending', 'InProgress'].includes(job.status), id: job.id };
    }
    case 'retrieve':
      return { done: false, id: startRetrieve(org, (body.request ?? {}) as Record<string, unknown>), state: 'Queued' };
    case 'checkRetrieveStatus':
      return retrieveResult(org, textOf(body.asyncProcessId), bool(body.includeZip, true));
    default:
      throw new SoapFault(
        'INVALID_OPERATION',
        `No operation available for request {http://soap.sforce.com/2006/04/metadata}${operation}`,
      );
  }
}

function handleSoap(org: OrgState, request: ApiRequest): ApiReply {
  try {
    const call = parseSoapCall(request.body.toString('utf8'));
    if (call.sessionId !== org.identity.accessToken) {
      throw new SoapFault('INVALID_SESSION_ID', 'Invalid Session ID found in SessionHeader: Illegal Session');
    }
    return soapReply(200, soapResponse(call.operation, soapOperation(org, call.operation, call.body)));
  } catch (error) {
    if (error instanceof SoapFault || error instanceof DeployError) {
      return soapReply(500, soapFault(error.code, error.message));
    }
    throw error;
  }
}

/** The REST shape of a deploy request: the DeployResult under `deployResult`. */
function restDeployRequest(org: OrgState, job: DeployJob, includeDetails: boolean): Record<string, unknown> {
  return {
    id: job.id,
    validatedDeployRequestId: job.validatedDeployRequestId ?? null,
    deployOptions: job.options,
    deployResult: deployResult(org, job, includeDetails),
  };
}

function restError(error: unknown): never {
  if (error instanceof DeployError) throw new HttpError(400, error.code, error.message);
  throw error;
}

function postDeployRequest(org: OrgState, request: ApiRequest, version: string): ApiReply {
  const contentType = String(request.headers['content-type'] ?? '');
  let job: DeployJob;
  try {
    if (contentType.startsWith('application/json')) {
      const body = jsonObject(request);
      job = org.deployer.quickDeploy(textOf(body.validatedDeployRequestId));
    } else {
      const parts = readMultipart(request.body, contentType);
      const file = parts.get('file');
      const entity = parts.get('entity_content');
      if (!file) throw new HttpError(400, 'INVALID_ZIP', 'The request has no file part with the zip');
      if (file.length > MAX_ZIP_BYTES)
        throw new HttpError(413, 'EXCEEDED_MAX_SIZE_REQUEST', 'Maximum size of request is 39 MB.');
      let options: Record<string, unknown> = {};
      if (entity) {
        try {
          options =
            (JSON.parse(entity.toString('utf8')) as { deployOptions?: Record<string, unknown> }).deployOptions ?? {};
        } catch (error) {
          throw new HttpError(
            400,
            'JSON_PARSER_ERROR',
            `entity_content is not valid JSON: ${(error as Error).message}`,
          );
        }
      }
      job = org.deployer.start(file, deployOptions(options));
    }
  } catch (error) {
    restError(error);
  }
  return json(201, restDeployRequest(org, job, false), {
    location: `/services/data/v${version}/metadata/deployRequest/${job.id}`,
  });
}

export function metadataRoutes(router: Router, org: OrgState): void {
  router.add('POST', '/services/Soap/m/{version}', (request) => handleSoap(org, request), { public: true });
  router.add('POST', '{api}/metadata/deployRequest', (request, [version]) => postDeployRequest(org, request, version));
  router.add('GET', '{api}/metadata/deployRequest/{id}', (request, [, id]) => {
    const job = org.deployer.job(id);
    if (!job) throw new HttpError(404, 'NOT_FOUND', `The requested resource does not exist: ${id}`);
    return json(200, restDeployRequest(org, job, request.query.get('includeDetails') === 'true'));
  });
}
