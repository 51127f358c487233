/**
 * `lightning/uiRecordApi` for the preview: getRecord as a wire adapter over the org's REST API, the
 * record mutations, and the field readers components use on UI API records.
 */
import { OrgWireAdapter, objectTypeOf, refreshAll, write } from './orgApi.js';
import { fieldCell, fieldPaths, fieldReference, readRecord } from './records.js';

export class getRecord extends OrgWireAdapter {
  isComplete(config) {
    return Boolean(config.recordId) && (config.fields?.length > 0 || config.optionalFields?.length > 0);
  }

  async load({ recordId, fields = [], optionalFields = [] }) {
    const all = [...fields, ...optionalFields];
    const objectApiName = fieldReference(all[0]).objectApiName ?? (await objectTypeOf(recordId));
    return readRecord(objectApiName, recordId, fieldPaths(all));
  }
}

export function getFieldValue(record, field) {
  return fieldCell(record, field)?.value;
}

export function getFieldDisplayValue(record, field) {
  return fieldCell(record, field)?.displayValue;
}

function writableFields(fields) {
  const { Id, ...rest } = fields;
  return { id: Id, values: rest };
}

/** The record as saved, with the fields the caller wrote, as LDS answers a write. */
function readBack(objectApiName, id, values) {
  return readRecord(objectApiName, id, fieldPaths(Object.keys(values).map((field) => `${objectApiName}.${field}`)));
}

export async function updateRecord(recordInput) {
  const { id, values } = writableFields(recordInput.fields);
  const objectApiName = recordInput.apiName ?? (await objectTypeOf(id));
  await write('PATCH', `/sobjects/${objectApiName}/${id}`, values);
  return readBack(objectApiName, id, values);
}

export async function createRecord(recordInput) {
  const { values } = writableFields(recordInput.fields);
  const created = await write('POST', `/sobjects/${recordInput.apiName}`, values);
  return readBack(recordInput.apiName, created.id, values);
}

export function notifyRecordUpdateAvailable() {
  refreshAll();
  return Promise.resolve();
}
