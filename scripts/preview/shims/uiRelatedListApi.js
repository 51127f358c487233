/**
 * `lightning/uiRelatedListApi` for the preview: a related list is a SOQL query of the child object by
 * the relationship's parent field, answered as `{ records: [UI API records], count }`.
 */
import { OrgWireAdapter, describe, fetchError, objectTypeOf, queryAll, remember } from './orgApi.js';
import { fieldPaths, fieldReference, soqlLiteral, toUiRecord } from './records.js';

/**
 * `Plan_Stakeholders__r` on Account → `{ childObject: 'Plan_Stakeholder__c', parentField: 'Account__c' }`,
 * from the parent's child relationships, else from the child's single reference to the parent.
 */
async function relationship(parentObject, relatedListId, fields) {
  const parent = await describe(parentObject);
  const match = (parent.childRelationships ?? []).find((entry) => entry.relationshipName === relatedListId);
  if (match) {
    return { childObject: match.childSObject, parentField: match.field };
  }
  const childObject = fields.length ? fieldReference(fields[0]).objectApiName : undefined;
  const references = childObject
    ? (await describe(childObject)).fields.filter((field) => (field.referenceTo ?? []).includes(parentObject))
    : [];
  if (references.length !== 1) {
    throw fetchError(400, 'Bad Request', [
      { errorCode: 'INVALID_TYPE', message: `${parentObject} has no related list ${relatedListId}` },
    ]);
  }
  return { childObject, parentField: references[0].name };
}

/** LDS sortBy entries look like `Object.Field` or `-Object.Field` (descending). */
function orderBy(sortBy) {
  const terms = (sortBy ?? []).map((entry) => {
    const descending = entry.startsWith('-');
    const { path } = fieldReference(descending ? entry.slice(1) : entry);
    return `${path}${descending ? ' DESC' : ' ASC'}`;
  });
  return terms.length ? ` ORDER BY ${terms.join(', ')}` : '';
}

async function relatedRecords({ parentRecordId, relatedListId, fields, optionalFields, sortBy, pageSize }) {
  const parentObject = await objectTypeOf(parentRecordId);
  const requested = [...(fields ?? []), ...(optionalFields ?? [])];
  const { childObject, parentField } = await relationship(parentObject, relatedListId, requested);
  const paths = fieldPaths(requested);
  const limit = pageSize ? ` LIMIT ${Number(pageSize)}` : '';
  const soql =
    `SELECT ${paths.join(', ')} FROM ${childObject} WHERE ${parentField} = ${soqlLiteral(parentRecordId)}` +
    `${orderBy(sortBy)}${limit}`;
  return remember(`related:${soql}`, () => relatedListOf(soql, parentObject, relatedListId, pageSize));
}

async function relatedListOf(soql, parentObject, relatedListId, pageSize) {
  const records = await Promise.all((await queryAll(soql)).map(toUiRecord));
  return {
    records,
    count: records.length,
    listReference: { parentObjectApiName: parentObject, relatedListId },
    pageSize: pageSize ?? records.length,
    currentPageToken: '0',
    nextPageToken: null,
    previousPageToken: null,
  };
}

export class getRelatedListRecords extends OrgWireAdapter {
  isComplete(config) {
    return Boolean(config.parentRecordId && config.relatedListId);
  }

  load(config) {
    return relatedRecords(config);
  }
}
