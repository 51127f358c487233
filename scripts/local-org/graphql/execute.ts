/**
 * Executes a UI API GraphQL record query: `uiapi { query { Object(where, orderBy, first, after, upperBound)
 * { edges { cursor node { Id Field { value displayValue } Parent { Field { value } } } } pageInfo totalCount } } }`.
 * Paging follows Salesforce's rules: `first` defaults to 10 and is at most 2,000; without `upperBound` a
 * query reaches its first 2,000 records only; with it, `first` is 200–2,000 and paging goes up to `upperBound`.
 * Cursors are base64 of `v1:<index>`, as Salesforce's are.
 */
import {
  GraphQLError,
  Kind,
  OperationTypeNode,
  parse,
  valueFromASTUntyped,
  type DocumentNode,
  type FieldNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { ObjectDef, OrgModel } from '../model.js';
import { findField, findObject } from '../model.js';
import { HttpError } from '../errors.js';
import { parseSoql, QueryRunner, type QueryRecord } from '../soql/execute.js';
import type { QueryContext } from '../soql/paths.js';
import { GraphqlValidationError, orderBySoql, whereSoql } from './translate.js';

export const DEFAULT_FIRST = 10;
export const MAX_FIRST = 2000;
/** Records a query reaches without `upperBound`. */
export const MAX_RECORDS = 2000;
export const MIN_FIRST_WITH_UPPER_BOUND = 200;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Variables = Record<string, unknown>;
export type GraphqlError = {
  message: string;
  locations: Array<{ line: number; column: number }>;
  path: null;
  extensions: { ErrorType: string; classification: string };
};
export type GraphqlResponse = { data: Json; errors?: GraphqlError[] };

/** What a node selects: `Id`, fields with `value`/`displayValue`, parent relationships with their own selection. */
type NodePlan = {
  object: ObjectDef;
  items: Array<{ key: string; kind: 'id' | 'apiName' | 'typename' } | FieldItem | ParentItem | ChildItem>;
};
type FieldItem = { key: string; kind: 'field'; path: string; name: string; picklist: boolean; parts: string[] };
type ParentItem = { key: string; kind: 'parent'; relationship: string; plan: NodePlan };
/** A child relationship (`Renewal_Risk_Assessments__r(first: 2, orderBy: ...)`), read as a SOQL subquery. */
type ChildItem = {
  key: string;
  kind: 'child';
  relationship: string;
  subquery: string;
  first: number;
  plan: NodePlan;
  node: FieldNode;
};

function fail(
  error: GraphqlValidationError | GraphQLError,
  node?: { loc?: { startToken: { line: number; column: number } } },
): GraphqlResponse {
  const loc = node?.loc?.startToken;
  const syntax = error instanceof GraphQLError;
  return {
    data: null,
    errors: [
      {
        message: syntax ? `Invalid Syntax : ${error.message}` : error.message,
        locations: syntax
          ? (error.locations ?? []).map(({ line, column }) => ({ line, column }))
          : loc
            ? [{ line: loc.line, column: loc.column }]
            : [],
        path: null,
        extensions: syntax
          ? { ErrorType: 'InvalidSyntax', classification: 'InvalidSyntax' }
          : { ErrorType: 'ValidationError', classification: 'ValidationError' },
      },
    ],
  };
}

class NodeError extends GraphqlValidationError {
  public constructor(
    type: string,
    message: string,
    public readonly node: FieldNode,
  ) {
    super(type, message);
  }
}

function fields(set: SelectionSetNode | undefined, at: string): FieldNode[] {
  return (set?.selections ?? []).map((selection) => {
    if (selection.kind !== Kind.FIELD) {
      throw new GraphqlValidationError('UnsupportedSelection', `fragments are not served by the local org @ '${at}'`);
    }
    return selection;
  });
}

function undefinedField(node: FieldNode, type: string, at: string): NodeError {
  return new NodeError(
    'FieldUndefined',
    `Field '${node.name.value}' in type '${type}' is undefined @ '${at}/${node.name.value}'`,
    node,
  );
}

function nodePlan(
  model: OrgModel,
  object: ObjectDef,
  set: SelectionSetNode | undefined,
  at: string,
  variables: Variables,
  prefix = '',
): NodePlan {
  const items: NodePlan['items'] = [];
  for (const node of fields(set, at)) {
    const name = node.name.value;
    const key = node.alias?.value ?? name;
    if (name === 'Id') {
      items.push({ key, kind: 'id' });
      continue;
    }
    if (name === 'ApiName' || name === '__typename') {
      items.push({ key, kind: name === 'ApiName' ? 'apiName' : 'typename' });
      continue;
    }
    const field = findField(object, name);
    if (field && field.name === name) {
      const parts = fields(node.selectionSet, `${at}/${name}`).map((part) => {
        if (!['value', 'displayValue', '__typename'].includes(part.name.value))
          throw undefinedField(part, `${field.type}Value`, `${at}/${name}`);
        return part.name.value;
      });
      if (!parts.length)
        throw new NodeError(
          'SubSelectionRequired',
          `Sub selection required for type '${field.type}Value' of field '${name}' @ '${at}/${name}'`,
          node,
        );
      items.push({
        key,
        kind: 'field',
        path: prefix + field.name,
        name: field.name,
        picklist: Boolean(field.picklist),
        parts,
      });
      continue;
    }
    const reference = object.parentRelationships.get(name.toLowerCase());
    const parent = reference ? findObject(model, reference.referenceTo ?? '') : undefined;
    if (reference && parent && !reference.referenceTargets) {
      const plan = nodePlan(model, parent, node.selectionSet, `${at}/${name}`, variables, `${prefix}${name}.`);
      items.push({ key, kind: 'parent', relationship: name, plan });
      continue;
    }
    const child = prefix ? undefined : object.childRelationships.get(name.toLowerCase());
    if (child && child.relationshipName === name) {
      items.push(childItem(model, child.childObject, node, `${at}/${name}`, variables));
      continue;
    }
    throw undefinedField(node, object.name, at);
  }
  return { object, items };
}

function childItem(model: OrgModel, childName: string, node: FieldNode, at: string, variables: Variables): ChildItem {
  const child = findObject(model, childName)!;
  const first = argument(node, 'first', variables) ?? DEFAULT_FIRST;
  if (typeof first !== 'number' || !Number.isInteger(first) || first < 0 || first > MAX_FIRST) {
    throw new NodeError('WrongType', `argument 'first' must be an integer from 0 to ${MAX_FIRST} @ '${at}'`, node);
  }
  let plan: NodePlan = { object: child, items: [] };
  for (const part of fields(node.selectionSet, at)) {
    if (part.name.value !== 'edges') continue;
    for (const edgePart of fields(part.selectionSet, `${at}/edges`)) {
      if (edgePart.name.value === 'node')
        plan = nodePlan(model, child, edgePart.selectionSet, `${at}/edges/node`, variables, '');
    }
  }
  if (plan.items.some((item) => item.kind === 'child')) {
    throw new NodeError('UnsupportedSelection', `child relationships nest one level deep @ '${at}'`, node);
  }
  const where = argument(node, 'where', variables);
  const orderBy = argument(node, 'orderBy', variables);
  const order = orderBy === undefined || orderBy === null ? [] : orderBySoql(model, child, orderBy);
  const subquery =
    `(SELECT ${[...new Set(['Id', ...soqlPaths(plan)])].join(', ')} FROM ${node.name.value}` +
    (where === undefined || where === null ? '' : ` WHERE ${whereSoql(model, child, where)}`) +
    ` ORDER BY ${[...order, 'Id ASC'].join(', ')} LIMIT ${first + 1})`;
  return {
    key: node.alias?.value ?? node.name.value,
    kind: 'child',
    relationship: node.name.value,
    subquery,
    first,
    plan,
    node,
  };
}

function soqlPaths(plan: NodePlan): string[] {
  return plan.items.flatMap((item) => {
    if (item.kind === 'field') return [item.path];
    if (item.kind === 'parent') return soqlPaths(item.plan);
    if (item.kind === 'child') return [item.subquery];
    return [];
  });
}

function shapeChildren(item: ChildItem, value: unknown): Json {
  const rows = ((value as { records?: QueryRecord[] } | null)?.records ?? []).slice(0, item.first + 1);
  const page = rows.slice(0, item.first);
  const answer: Record<string, Json> = {};
  for (const part of fields(item.node.selectionSet, item.relationship)) {
    const key = part.alias?.value ?? part.name.value;
    if (part.name.value === 'edges') {
      answer[key] = page.map((record, i) => {
        const edge: Record<string, Json> = {};
        for (const edgePart of fields(part.selectionSet, item.relationship)) {
          const edgeKey = edgePart.alias?.value ?? edgePart.name.value;
          edge[edgeKey] = edgePart.name.value === 'cursor' ? encodeCursor(i) : shapeNode(item.plan, record);
        }
        return edge;
      });
    } else if (part.name.value === 'pageInfo') {
      answer[key] = pageInfo(part, 0, page.length, rows.length, item.relationship);
    } else if (part.name.value === 'pageResultCount') {
      answer[key] = page.length;
    } else {
      throw undefinedField(part, `${item.plan.object.name}Connection`, item.relationship);
    }
  }
  return answer;
}

function shapeNode(plan: NodePlan, record: QueryRecord | null): Json {
  if (!record) return null;
  const node: Record<string, Json> = {};
  for (const item of plan.items) {
    if (item.kind === 'id') node[item.key] = (record.Id as string | undefined) ?? null;
    else if (item.kind === 'apiName') node[item.key] = plan.object.name;
    else if (item.kind === 'typename') node[item.key] = plan.object.name;
    else if (item.kind === 'parent')
      node[item.key] = shapeNode(item.plan, (record[item.relationship] as QueryRecord | null) ?? null);
    else if (item.kind === 'child') node[item.key] = shapeChildren(item, record[item.relationship]);
    else if (item.kind === 'field') {
      const value = (record[item.name] ?? null) as Json;
      const shaped: Record<string, Json> = {};
      for (const part of item.parts) {
        if (part === 'value') shaped.value = value;
        else if (part === 'displayValue') shaped.displayValue = item.picklist ? value : null;
        else shaped.__typename = 'FieldValue';
      }
      node[item.key] = shaped;
    }
  }
  return node;
}

export function encodeCursor(index: number): string {
  return Buffer.from(`v1:${index}`).toString('base64');
}

function decodeCursor(cursor: unknown, at: string): number {
  const match = typeof cursor === 'string' ? /^v1:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8')) : null;
  if (!match) throw new GraphqlValidationError('WrongType', `argument '${at}/after' is not a cursor this query gave`);
  return Number(match[1]);
}

function argument(node: FieldNode, name: string, variables: Variables): Json | undefined {
  const arg = node.arguments?.find((a) => a.name.value === name);
  return arg ? (valueFromASTUntyped(arg.value, variables) as Json) : undefined;
}

function connection(ctx: QueryContext, node: FieldNode, variables: Variables): Json {
  const objectName = node.name.value;
  const at = `uiapi/query/${objectName}`;
  const object = findObject(ctx.model, objectName);
  if (!object || object.name !== objectName || object.kind === 'customMetadata')
    throw undefinedField(node, 'RecordQuery', 'uiapi/query');
  for (const arg of node.arguments ?? []) {
    if (!['where', 'orderBy', 'first', 'after', 'upperBound'].includes(arg.name.value)) {
      throw new NodeError('UnknownArgument', `Unknown field argument ${arg.name.value} @ '${at}'`, node);
    }
  }
  const upperBound = argument(node, 'upperBound', variables);
  const first = argument(node, 'first', variables) ?? DEFAULT_FIRST;
  if (typeof first !== 'number' || !Number.isInteger(first) || first < 0 || first > MAX_FIRST) {
    throw new NodeError('WrongType', `argument 'first' must be an integer from 0 to ${MAX_FIRST} @ '${at}'`, node);
  }
  if (upperBound !== undefined && upperBound !== null) {
    if (typeof upperBound !== 'number' || !Number.isInteger(upperBound) || upperBound < 1) {
      throw new NodeError('WrongType', `argument 'upperBound' must be a positive integer @ '${at}'`, node);
    }
    if (first < MIN_FIRST_WITH_UPPER_BOUND) {
      throw new NodeError(
        'WrongType',
        `with upperBound, 'first' must be from ${MIN_FIRST_WITH_UPPER_BOUND} to ${MAX_FIRST} @ '${at}'`,
        node,
      );
    }
  }
  const after = argument(node, 'after', variables);
  const start = after === undefined || after === null ? 0 : decodeCursor(after, at) + 1;
  const where = argument(node, 'where', variables);
  const orderBy = argument(node, 'orderBy', variables);

  const parts = fields(node.selectionSet, at);
  let plan: NodePlan = { object, items: [] };
  for (const part of parts) {
    if (part.name.value !== 'edges') continue;
    for (const edgePart of fields(part.selectionSet, `${at}/edges`)) {
      if (edgePart.name.value === 'node')
        plan = nodePlan(ctx.model, object, edgePart.selectionSet, `${at}/edges/node`, variables);
      else if (edgePart.name.value !== 'cursor') throw undefinedField(edgePart, `${objectName}Edge`, `${at}/edges`);
    }
  }
  const paths = [...new Set(['Id', ...soqlPaths(plan)])];
  const order = orderBy === undefined || orderBy === null ? [] : orderBySoql(ctx.model, object, orderBy);
  const soql =
    `SELECT ${paths.join(', ')} FROM ${object.name}` +
    (where === undefined || where === null ? '' : ` WHERE ${whereSoql(ctx.model, object, where)}`) +
    ` ORDER BY ${[...order, 'Id ASC'].join(', ')}`;
  const result = new QueryRunner(ctx).run(parseSoql(soql));
  const reachable = Math.min(result.totalSize, typeof upperBound === 'number' ? upperBound : MAX_RECORDS);
  const end = Math.min(start + first, reachable);
  const records = start < end ? result.records(start, end) : [];

  const answer: Record<string, Json> = {};
  for (const part of parts) {
    const key = part.alias?.value ?? part.name.value;
    switch (part.name.value) {
      case 'edges':
        answer[key] = records.map((record, i) => {
          const edge: Record<string, Json> = {};
          for (const edgePart of fields(part.selectionSet, `${at}/edges`)) {
            const edgeKey = edgePart.alias?.value ?? edgePart.name.value;
            edge[edgeKey] = edgePart.name.value === 'cursor' ? encodeCursor(start + i) : shapeNode(plan, record);
          }
          return edge;
        });
        break;
      case 'totalCount':
        answer[key] = result.totalSize;
        break;
      case 'pageResultCount':
        answer[key] = records.length;
        break;
      case 'pageInfo':
        answer[key] = pageInfo(part, start, end, reachable, at);
        break;
      case '__typename':
        answer[key] = `${objectName}Connection`;
        break;
      default:
        throw undefinedField(part, `${objectName}Connection`, at);
    }
  }
  return answer;
}

function pageInfo(node: FieldNode, start: number, end: number, reachable: number, at: string): Json {
  const info: Record<string, Json> = {};
  for (const part of fields(node.selectionSet, `${at}/pageInfo`)) {
    const key = part.alias?.value ?? part.name.value;
    switch (part.name.value) {
      case 'hasNextPage':
        info[key] = end < reachable;
        break;
      case 'hasPreviousPage':
        info[key] = start > 0;
        break;
      case 'startCursor':
        info[key] = end > start ? encodeCursor(start) : null;
        break;
      case 'endCursor':
        info[key] = end > start ? encodeCursor(end - 1) : null;
        break;
      default:
        throw undefinedField(part, 'PageInfo', `${at}/pageInfo`);
    }
  }
  return info;
}

function operationOf(document: DocumentNode, operationName: unknown): OperationDefinitionNode {
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  const operation =
    typeof operationName === 'string'
      ? operations.find((o) => o.name?.value === operationName)
      : operations.length === 1
        ? operations[0]
        : undefined;
  if (!operation) throw new GraphqlValidationError('UnknownOperation', 'name the operation to run with operationName');
  if (document.definitions.length !== operations.length) {
    throw new GraphqlValidationError('UnsupportedSelection', 'fragments are not served by the local org');
  }
  if (operation.operation !== OperationTypeNode.QUERY) {
    throw new GraphqlValidationError('UnsupportedOperation', `${operation.operation} is not served by the local org`);
  }
  return operation;
}

function variablesOf(operation: OperationDefinitionNode, given: unknown): Variables {
  const variables: Variables = given !== null && typeof given === 'object' ? { ...(given as Variables) } : {};
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    if (variables[name] === undefined && definition.defaultValue)
      variables[name] = valueFromASTUntyped(definition.defaultValue);
  }
  return variables;
}

/** Answers one GraphQL request body `{ query, variables, operationName }` as Salesforce does: errors come back with status 200. */
export function executeGraphql(ctx: QueryContext, body: Record<string, unknown>): GraphqlResponse {
  if (typeof body.query !== 'string' || !body.query.trim()) {
    throw new HttpError(400, 'JSON_PARSER_ERROR', 'The request body needs a query string');
  }
  let document: DocumentNode;
  try {
    document = parse(body.query);
  } catch (error) {
    if (error instanceof GraphQLError) return fail(error);
    throw error;
  }
  try {
    const operation = operationOf(document, body.operationName);
    const variables = variablesOf(operation, body.variables);
    const data: Record<string, Json> = {};
    for (const root of fields(operation.selectionSet, '')) {
      if (root.name.value !== 'uiapi') throw undefinedField(root, 'Query', '');
      const uiapi: Record<string, Json> = {};
      for (const section of fields(root.selectionSet, 'uiapi')) {
        if (section.name.value !== 'query') throw undefinedField(section, 'UIAPI', 'uiapi');
        const query: Record<string, Json> = {};
        for (const objectNode of fields(section.selectionSet, 'uiapi/query')) {
          query[objectNode.alias?.value ?? objectNode.name.value] = connection(ctx, objectNode, variables);
        }
        uiapi[section.alias?.value ?? 'query'] = query;
      }
      data[root.alias?.value ?? 'uiapi'] = uiapi;
    }
    return { data };
  } catch (error) {
    if (error instanceof NodeError) return fail(error, error.node);
    if (error instanceof GraphqlValidationError) return fail(error);
    if (error instanceof HttpError) return fail(new GraphqlValidationError(error.errorCode, error.message));
    throw error;
  }
}
