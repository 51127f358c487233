import type { FieldDef, ObjectDef } from './model.js';
import { findField } from './model.js';
import type { Row } from './store.js';
import { compileFormula, CompiledFormula } from './formula.js';
import { toApiValue } from './values.js';
import { visibleFields } from './permissions.js';

const compiled = new WeakMap<FieldDef, CompiledFormula>();

function formulaOf(field: FieldDef): CompiledFormula {
  let formula = compiled.get(field);
  if (!formula) {
    try {
      formula = compileFormula(field.formula!.expression, field.formula!.treatBlanksAs === 'BlankAsZero');
    } catch {
      formula = (): null => null;
    }
    compiled.set(field, formula);
  }
  return formula;
}

/** The API value of one field of a stored row; formula fields are computed here, on read. */
export function fieldValue(object: ObjectDef, row: Row, field: FieldDef, depth = 0): unknown {
  if (!field.calculated) return toApiValue(field, row[field.column!]);
  if (depth > 10) return null;
  const result = formulaOf(field)((name) => {
    const referenced = findField(object, name);
    if (!referenced) return null;
    const value = fieldValue(object, row, referenced, depth + 1);
    return typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean' ? value : null;
  });
  if (typeof result !== 'number') return result;
  // A Percent formula's result is a fraction; the API answers it in percent, like stored Percent fields.
  const value = field.type === 'Percent' ? result * 100 : result;
  const factor = 10 ** (field.scale ?? 2);
  return Math.round(value * factor) / factor;
}

export function recordUrl(apiVersion: string, objectName: string, id: string): string {
  return `/services/data/v${apiVersion}/sobjects/${objectName}/${id}`;
}

/** A whole record as `GET /sobjects/{Type}/{id}` answers it. */
export function fullRecord(
  object: ObjectDef,
  row: Row,
  apiVersion: string,
  fields?: FieldDef[],
): Record<string, unknown> {
  const record: Record<string, unknown> = {
    attributes: { type: object.name, url: recordUrl(apiVersion, object.name, String(row.Id)) },
  };
  for (const field of fields ?? visibleFields(object)) record[field.name] = fieldValue(object, row, field);
  return record;
}
