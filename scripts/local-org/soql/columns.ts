import type { Query, FieldType as SoqlField } from '@jetstreamapp/soql-parser-js';
import type { FieldDef, ObjectDef } from '../model.js';
import { findObject, parentRelationshipName } from '../model.js';
import { malformedQuery } from '../errors.js';
import { QueryContext, resolvePath } from './paths.js';
import { queriedObject } from './execute.js';
import { isFieldEditable } from '../permissions.js';

type Column = {
  aggregate: boolean;
  apexType: string | null;
  booleanType: boolean;
  columnName: string;
  custom: boolean;
  displayName: string;
  foreignKeyName: string | null;
  insertable: boolean;
  joinColumns: Column[];
  numberType: boolean;
  textType: boolean;
  updatable: boolean;
};

export function apexType(field: FieldDef): string {
  switch (field.type) {
    case 'Id':
    case 'Lookup':
    case 'MasterDetail':
      return 'Id';
    case 'Number':
    case 'Currency':
    case 'Percent':
      return 'Double';
    case 'Checkbox':
      return 'Boolean';
    case 'Date':
      return 'Date';
    case 'DateTime':
      return 'Datetime';
    default:
      return 'String';
  }
}

function fieldColumn(object: ObjectDef, field: FieldDef, displayName: string): Column {
  const type = apexType(field);
  const editable = isFieldEditable(object, field);
  return {
    aggregate: false,
    apexType: type,
    booleanType: type === 'Boolean',
    columnName: field.name,
    custom: field.custom,
    displayName,
    foreignKeyName: null,
    insertable: field.createable && editable,
    joinColumns: [],
    numberType: type === 'Double',
    textType: type === 'String',
    updatable: field.updateable && editable,
  };
}

function joinColumn(name: string, children: Column[], custom: boolean): Column {
  return {
    aggregate: false,
    apexType: null,
    booleanType: false,
    columnName: name,
    custom,
    displayName: name,
    foreignKeyName: null,
    insertable: false,
    joinColumns: children,
    numberType: false,
    textType: false,
    updatable: false,
  };
}

/** Adds one selected path to the column tree, merging paths that share relationships. */
function addPath(columns: Column[], ctx: QueryContext, object: ObjectDef, text: string): void {
  const path = resolvePath(ctx.model, object, text);
  let level = columns;
  for (const hop of path.hops) {
    const name = parentRelationshipName(hop.field);
    let join = level.find((c) => c.columnName === name);
    if (!join) {
      join = joinColumn(name, [], hop.field.custom);
      level.push(join);
    }
    level = join.joinColumns;
  }
  level.push(fieldColumn(path.object, path.field, path.text));
}

function columnsFor(ctx: QueryContext, object: ObjectDef, fields: SoqlField[]): Column[] {
  const columns: Column[] = [];
  let expression = 0;
  for (const item of fields) {
    if (item.type === 'Field') addPath(columns, ctx, object, item.field);
    else if (item.type === 'FieldRelationship')
      addPath(columns, ctx, object, [...item.relationships, item.field].join('.'));
    else if (item.type === 'FieldSubquery') {
      const relationship = object.childRelationships.get(item.subquery.relationshipName.toLowerCase());
      const child = relationship ? findObject(ctx.model, relationship.childObject) : undefined;
      if (!relationship || !child) throw malformedQuery(`Unknown child relationship ${item.subquery.relationshipName}`);
      const join = joinColumn(
        relationship.relationshipName,
        columnsFor(ctx, child, item.subquery.fields ?? []),
        child.custom,
      );
      columns.push({ ...join, aggregate: true });
    } else if (item.type === 'FieldFunctionExpression') {
      const name = item.alias ?? `expr${expression++}`;
      columns.push({
        ...joinColumn(name, [], false),
        aggregate: true,
        displayName: item.alias ?? item.rawValue ?? name,
      });
    } else throw malformedQuery(`${item.type} is not supported by the local org`);
  }
  return columns;
}

/** What `query?columns=true` answers: the columns of the result, without running the query. */
export function columnMetadata(ctx: QueryContext, query: Query): Record<string, unknown> {
  const object = queriedObject(ctx, query);
  const fields = query.fields ?? [];
  return {
    columnMetadata: columnsFor(ctx, object, fields),
    entityName: object.name,
    groupBy: Boolean(query.groupBy),
    idSelected: fields.some((f) => f.type === 'Field' && f.field.toLowerCase() === 'id'),
    keyPrefix: object.keyPrefix,
  };
}
