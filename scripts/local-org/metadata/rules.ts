import { findField, findObject, isReference, type ObjectDef, type OrgModel } from '../model.js';
import { list, text, type XmlNode } from '../../schema/forceAppSchema.js';
import type { FieldSchema } from '../../schema/types.js';
import type { Component } from './package.js';
import { historyEnabled, viewKey, xmlOf, type ComponentView } from './schema.js';

/**
 * Deploy-time checks of the components of one deploy against the state the deploy would leave. Each message
 * is Salesforce's text for the same mistake (see the Metadata deploy row of scripts/local-org/README.md).
 */
export type RuleContext = {
  view: ComponentView;
  model: OrgModel;
  /** The org's history-tracking setting for objects whose CustomObject does not say. */
  orgHistory: (objectName: string) => boolean;
  report: (component: Component, problem: string) => void;
};

type Rule = (component: Component, ctx: RuleContext) => void;

const RULES: Record<string, Rule[]> = {
  CustomField: [fieldRules],
  ValidationRule: [validationRuleRules],
  PermissionSet: [permissionSetRules],
  Layout: [layoutRules],
  ListView: [listViewRules],
  CompactLayout: [compactLayoutRules],
  FlexiPage: [flexiPageRules],
  CustomApplication: [applicationRules],
  CustomTab: [tabRules],
  LightningComponentBundle: [bundleRules],
  QuickAction: [quickActionRules],
};

export function checkComponents(components: Component[], ctx: RuleContext): void {
  for (const component of components) {
    for (const rule of RULES[component.type] ?? []) {
      try {
        rule(component, ctx);
      } catch (error) {
        ctx.report(component, (error as Error).message);
      }
    }
  }
}

const LIMITS: Record<string, { min: number; max: number } | undefined> = {
  Text: { min: 1, max: 255 },
  LongTextArea: { min: 256, max: 131072 },
};

function fieldRules(component: Component, ctx: RuleContext): void {
  const [objectName, fieldName] = component.fullName.split('.');
  const object = findObject(ctx.model, objectName);
  if (!object) {
    ctx.report(component, `Cannot find object: ${objectName}`);
    return;
  }
  const field = findField(object, fieldName);
  if (!field) return;
  const xml = xmlOf(component, 'CustomField');
  if (field.trackHistory && !historyEnabled(ctx.view, object.name, ctx.orgHistory(object.name))) {
    ctx.report(component, `The entity: ${object.name} does not have history tracking enabled`);
  }
  const limits = field.formula ? undefined : LIMITS[field.type];
  if (limits && (field.length === undefined || field.length < limits.min || field.length > limits.max)) {
    ctx.report(component, `Length must be between ${limits.min} and ${limits.max}`);
  }
  if (['Number', 'Currency', 'Percent'].includes(field.type)) numberLimits(component, field, ctx);
  if (isReference(field) && !findObject(ctx.model, field.referenceTo ?? '')) {
    ctx.report(
      component,
      `Field ${fieldName}: referenceTo value of '${String(field.referenceTo)}' does not resolve to a valid sObject type`,
    );
  }
  if (field.picklist) picklistRules(component, field, ctx);
  if (field.formula) formulaReferences(component, object, field.formula.expression, ctx);
  if (text(xml, 'type') === 'MasterDetail' && text(xml, 'required') === 'false') {
    ctx.report(component, 'Master-Detail Relationship Fields Cannot be Optional or Required');
  }
}

function numberLimits(component: Component, field: FieldSchema, ctx: RuleContext): void {
  const precision = field.precision ?? 18;
  const scale = field.scale ?? 0;
  if (precision < 1 || precision > 18) ctx.report(component, 'Precision must be between 1 and 18');
  else if (scale < 0 || scale > precision) {
    ctx.report(component, 'Scale must be between 0 and the precision');
  }
}

function picklistRules(component: Component, field: FieldSchema, ctx: RuleContext): void {
  const seen = new Set<string>();
  for (const value of field.picklist!.values) {
    if (seen.has(value.toLowerCase())) ctx.report(component, `Duplicate picklist value specified: ${value}`);
    seen.add(value.toLowerCase());
    if (value.length > 255) ctx.report(component, `Picklist value: ${value} is too long (max 255 characters)`);
  }
  const defaultValue = field.picklist!.defaultValue;
  if (defaultValue !== undefined && !field.picklist!.values.includes(defaultValue)) {
    ctx.report(component, `Picklist value: ${defaultValue} in picklist: ${field.name} not found`);
  }
}

const FORMULA_WORDS = new Set(['true', 'false', 'null']);

/** Field names a formula reads: identifiers that are not function calls, string literals or constants. */
export function formulaFieldNames(expression: string): string[] {
  const withoutStrings = expression.replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"/g, '""');
  const names: string[] = [];
  for (const match of withoutStrings.matchAll(
    /(?<![$\w.])([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)(\s*\()?/g,
  )) {
    if (match[2] || FORMULA_WORDS.has(match[1].toLowerCase())) continue;
    names.push(match[1]);
  }
  return names;
}

function resolvesOn(model: OrgModel, object: ObjectDef, path: string): boolean {
  const parts = path.split('.');
  let current: ObjectDef | undefined = object;
  for (const relationship of parts.slice(0, -1)) {
    const reference: FieldSchema | undefined = current?.parentRelationships.get(relationship.toLowerCase());
    current = reference ? findObject(model, reference.referenceTo ?? '') : undefined;
    if (!current) return false;
  }
  return current !== undefined && findField(current, parts[parts.length - 1]) !== undefined;
}

function formulaReferences(component: Component, object: ObjectDef, expression: string, ctx: RuleContext): void {
  for (const name of formulaFieldNames(expression)) {
    if (!resolvesOn(ctx.model, object, name)) ctx.report(component, `Field ${name} does not exist. Check spelling.`);
  }
}

function validationRuleRules(component: Component, ctx: RuleContext): void {
  const object = findObject(ctx.model, component.fullName.split('.')[0]);
  if (!object) return;
  const xml = xmlOf(component, 'ValidationRule');
  formulaReferences(component, object, text(xml, 'errorConditionFormula') ?? '', ctx);
  const display = text(xml, 'errorDisplayField');
  if (display && !findField(object, display)) {
    ctx.report(component, `In field: errorDisplayField - no CustomField named ${object.name}.${display} found`);
  }
}

function fieldNamed(model: OrgModel, qualified: string): { object?: ObjectDef; field?: ReturnType<typeof findField> } {
  const [objectName, fieldName] = qualified.split('.');
  const object = findObject(model, objectName);
  return { object, field: object && fieldName ? findField(object, fieldName) : undefined };
}

/** The master of a detail object: the object its master-detail field points at. */
function masterOf(model: OrgModel, object: ObjectDef): ObjectDef | undefined {
  const masterDetail = object.fields.find((f) => f.type === 'MasterDetail');
  return masterDetail ? findObject(model, masterDetail.referenceTo ?? '') : undefined;
}

const flag = (node: XmlNode, key: string): boolean => text(node, key) === 'true';

/** The texts of a repeated element. */
function strings(node: XmlNode, key: string): string[] {
  const value = node[key];
  return (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter(
    (v): v is string => typeof v === 'string',
  );
}

function permissionSetRules(component: Component, ctx: RuleContext): void {
  const xml = xmlOf(component, 'PermissionSet');
  const objectPermissions = new Map<string, XmlNode>();
  for (const entry of list(xml, 'objectPermissions')) {
    const name = text(entry, 'object') ?? '';
    const object = findObject(ctx.model, name);
    if (!object) ctx.report(component, `In field: object - no CustomObject named ${name} found`);
    else objectPermissions.set(object.name.toLowerCase(), entry);
  }
  for (const [name, entry] of objectPermissions) {
    objectPermissionDependencies(component, findObject(ctx.model, name)!, entry, objectPermissions, ctx);
  }
  for (const entry of list(xml, 'fieldPermissions')) {
    const qualified = text(entry, 'field') ?? '';
    const { field } = fieldNamed(ctx.model, qualified);
    if (!field) {
      ctx.report(component, `In field: field - no CustomField named ${qualified} found`);
    } else if (field.required || field.type === 'MasterDetail') {
      ctx.report(component, `You cannot deploy to a required field: ${qualified}`);
    } else if (field.calculated && flag(entry, 'editable')) {
      ctx.report(component, `You cannot set editable to true on a formula field: ${qualified}`);
    }
  }
  for (const entry of list(xml, 'tabSettings')) {
    const tab = text(entry, 'tab') ?? '';
    if (tab.endsWith('__c') && !ctx.view.has(viewKey('CustomTab', tab))) {
      ctx.report(component, `In field: tab - no CustomTab named ${tab} found`);
    }
  }
  for (const entry of list(xml, 'applicationVisibilities')) {
    const app = text(entry, 'application') ?? '';
    if (!ctx.view.has(viewKey('CustomApplication', app))) {
      ctx.report(component, `In field: application - no CustomApplication named ${app} found`);
    }
  }
  for (const entry of list(xml, 'customMetadataTypeAccesses')) {
    const name = text(entry, 'name') ?? '';
    if (!findObject(ctx.model, name)) ctx.report(component, `In field: name - no CustomObject named ${name} found`);
  }
}

/** Object permission names as Salesforce's dependency errors spell them. */
const PERMISSION_LABELS: Record<string, string> = {
  allowRead: 'Read',
  allowCreate: 'Create',
  allowEdit: 'Edit',
  allowDelete: 'Delete',
  viewAllRecords: 'Read All',
  modifyAllRecords: 'Edit All',
};

/** What each object permission needs on the same object. */
const SAME_OBJECT_NEEDS: Record<string, string[]> = {
  allowCreate: ['allowRead'],
  allowEdit: ['allowRead'],
  allowDelete: ['allowRead', 'allowEdit'],
  viewAllRecords: ['allowRead'],
  modifyAllRecords: ['allowRead', 'allowEdit', 'allowDelete', 'viewAllRecords'],
};

/**
 * An object permission depends on the lesser ones on the same object and, on a master-detail child, on
 * Read of the master (and View All / Modify All on the master for the same on the child).
 */
function objectPermissionDependencies(
  component: Component,
  object: ObjectDef,
  entry: XmlNode,
  all: Map<string, XmlNode>,
  ctx: RuleContext,
): void {
  const master = masterOf(ctx.model, object);
  const onMaster = master ? all.get(master.name.toLowerCase()) : undefined;
  for (const key of Object.keys(PERMISSION_LABELS)) {
    if (!flag(entry, key)) continue;
    const missing = (SAME_OBJECT_NEEDS[key] ?? [])
      .filter((needed) => !flag(entry, needed))
      .map((needed) => `${PERMISSION_LABELS[needed]} ${object.name}`);
    if (master) {
      const onMasterNeeded = key === 'viewAllRecords' || key === 'modifyAllRecords' ? key : 'allowRead';
      if (!(onMaster && flag(onMaster, onMasterNeeded)))
        missing.push(`${PERMISSION_LABELS[onMasterNeeded]} ${master.name}`);
    }
    if (missing.length > 0) {
      ctx.report(
        component,
        `Permission ${PERMISSION_LABELS[key]} ${object.name} depends on permission(s): ${missing.join(', ')}`,
      );
    }
  }
}

function fieldsOnObject(component: Component, object: ObjectDef | undefined, names: string[], ctx: RuleContext): void {
  if (!object) return;
  for (const name of names) {
    if (!findField(object, name))
      ctx.report(component, `In field: field - no CustomField named ${object.name}.${name} found`);
  }
}

/** Every `<key>` text anywhere under a node. */
function collect(node: unknown, key: string, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((item) => collect(item, key, out));
  else if (node && typeof node === 'object') {
    for (const [name, value] of Object.entries(node as XmlNode)) {
      if (name === key && typeof value === 'string') out.push(value);
      else if (name === key && Array.isArray(value)) value.forEach((v) => typeof v === 'string' && out.push(v));
      else collect(value, key, out);
    }
  }
  return out;
}

function layoutRules(component: Component, ctx: RuleContext): void {
  const objectName = component.fullName.split('-')[0];
  const object = findObject(ctx.model, objectName);
  if (!object) {
    ctx.report(component, `In field: object - no CustomObject named ${objectName} found`);
    return;
  }
  fieldsOnObject(component, object, collect(list(xmlOf(component, 'Layout'), 'layoutSections'), 'field'), ctx);
}

function listViewRules(component: Component, ctx: RuleContext): void {
  const object = findObject(ctx.model, component.fullName.split('.')[0]);
  if (!object) return;
  const xml = xmlOf(component, 'ListView');
  for (const column of strings(xml, 'columns')) {
    if (!listViewColumnExists(object, column)) {
      ctx.report(component, `Could not resolve list view column: ${column}`);
    }
  }
  for (const filter of list(xml, 'filters')) {
    const field = text(filter, 'field') ?? '';
    if (!listViewColumnExists(object, field)) ctx.report(component, `Could not resolve list view column: ${field}`);
  }
}

/** List views name standard columns in upper case (NAME, CREATED_DATE) and custom fields by API name. */
function listViewColumnExists(object: ObjectDef, column: string): boolean {
  if (/^[A-Z_0-9.]+$/.test(column) && !column.endsWith('__C')) return true;
  const name = column.includes('.') ? column.split('.').pop()! : column;
  return findField(object, name) !== undefined;
}

function compactLayoutRules(component: Component, ctx: RuleContext): void {
  const object = findObject(ctx.model, component.fullName.split('.')[0]);
  fieldsOnObject(component, object, strings(xmlOf(component, 'CompactLayout'), 'fields'), ctx);
}

const STANDARD_NAMESPACES = /^(force|flexipage|runtime_[a-z_]+|lightning|forceChatter|console):/;

function flexiPageRules(component: Component, ctx: RuleContext): void {
  const xml = xmlOf(component, 'FlexiPage');
  const pageType = text(xml, 'type');
  const objectName = text(xml, 'sobjectType');
  if (objectName && !findObject(ctx.model, objectName)) {
    ctx.report(component, `In field: sobjectType - no CustomObject named ${objectName} found`);
  }
  const target =
    pageType === 'RecordPage'
      ? 'lightning__RecordPage'
      : pageType === 'AppPage'
        ? 'lightning__AppPage'
        : 'lightning__HomePage';
  for (const region of list(xml, 'flexiPageRegions')) {
    for (const item of list(region, 'itemInstances')) {
      const instance = item.componentInstance as XmlNode | undefined;
      const name = instance ? (text(instance, 'componentName') ?? '') : '';
      if (!instance || STANDARD_NAMESPACES.test(name)) continue;
      const bundleName = name.replace(/^c:/, '');
      const bundle = ctx.view.get(viewKey('LightningComponentBundle', bundleName));
      if (!bundle) {
        ctx.report(
          component,
          `We couldn't retrieve the design time component information for component c:${bundleName}.`,
        );
        continue;
      }
      placementRules(component, bundle, target, objectName, instance, ctx);
    }
  }
}

/** A bundle placed on a page must be exposed for the page's target, its object and the properties set. */
function placementRules(
  page: Component,
  bundle: Component,
  target: string,
  objectName: string | undefined,
  instance: XmlNode,
  ctx: RuleContext,
): void {
  const meta = xmlOf(bundle, 'LightningComponentBundle');
  const targets = collect(meta.targets ?? {}, 'target');
  if (text(meta, 'isExposed') !== 'true' || !targets.includes(target)) {
    ctx.report(
      page,
      `Component [c:${bundle.fullName}] isn't supported for the ${target} target. Add it to the component's targets.`,
    );
    return;
  }
  const config = list((meta.targetConfigs as XmlNode | undefined) ?? {}, 'targetConfig').find((c) =>
    (typeof c['@_targets'] === 'string' ? c['@_targets'] : '')
      .split(',')
      .map((t) => t.trim())
      .includes(target),
  );
  const objects = config ? collect(config.objects ?? {}, 'object') : [];
  if (objectName && objects.length > 0 && !objects.some((o) => o.toLowerCase() === objectName.toLowerCase())) {
    ctx.report(page, `Component [c:${bundle.fullName}] isn't supported for the object ${objectName}.`);
  }
  const declared = new Map(config ? list(config, 'property').map((p) => [attribute(p, 'name'), p]) : []);
  for (const property of list(instance, 'componentInstanceProperties')) {
    const name = text(property, 'name') ?? '';
    const design = declared.get(name);
    if (!design) {
      ctx.report(page, `Property '${name}' doesn't exist on component c:${bundle.fullName} for target ${target}.`);
      continue;
    }
    const problem = designValueProblem(design, text(property, 'value') ?? '');
    if (problem) ctx.report(page, `Property '${name}' of component c:${bundle.fullName}: ${problem}`);
  }
}

const attribute = (node: XmlNode, name: string): string => {
  const value = node[`@_${name}`];
  return typeof value === 'string' ? value : '';
};

/** A design attribute's value against its declared type, min, max and datasource. */
function designValueProblem(design: XmlNode, value: string): string | undefined {
  const type = attribute(design, 'type');
  if (type === 'Integer') {
    if (!/^-?\d+$/.test(value)) return `'${value}' is not an Integer.`;
    const min = attribute(design, 'min');
    const max = attribute(design, 'max');
    if ((min !== '' && Number(value) < Number(min)) || (max !== '' && Number(value) > Number(max))) {
      return `${value} is outside ${min || '-∞'}..${max || '∞'}.`;
    }
  }
  if (type === 'Boolean' && value !== 'true' && value !== 'false') return `'${value}' is not a Boolean.`;
  const datasource = attribute(design, 'datasource');
  if (datasource !== '' && !datasource.includes('apex://')) {
    const choices = datasource.split(',').map((choice) => choice.trim());
    if (!choices.includes(value)) return `'${value}' is not one of ${choices.join(', ')}.`;
  }
  return undefined;
}

function bundleRules(component: Component, ctx: RuleContext): void {
  for (const [file, source] of Object.entries(component.files ?? {})) {
    if (!file.endsWith('.js')) continue;
    for (const match of source.matchAll(/from\s+['"]@salesforce\/schema\/([\w.]+)['"]/g)) {
      if (!schemaReferenceExists(ctx.model, match[1])) {
        ctx.report(component, `Invalid reference ${match[1]} of type sobjectClass in file ${file}`);
      }
    }
  }
  const meta = xmlOf(component, 'LightningComponentBundle');
  for (const config of list((meta.targetConfigs as XmlNode | undefined) ?? {}, 'targetConfig')) {
    for (const object of collect(config.objects ?? {}, 'object')) {
      if (!findObject(ctx.model, object)) {
        ctx.report(
          component,
          `Invalid reference ${object} of type sobjectClass in file ${component.fullName}.js-meta.xml`,
        );
      }
    }
  }
}

/** `@salesforce/schema/Object` or `Object.Field` (through relationships): it must exist in the org. */
function schemaReferenceExists(model: OrgModel, reference: string): boolean {
  const [objectName, ...path] = reference.split('.');
  const object = findObject(model, objectName);
  return object !== undefined && (path.length === 0 || resolvesOn(model, object, path.join('.')));
}

function applicationRules(component: Component, ctx: RuleContext): void {
  const xml = xmlOf(component, 'CustomApplication');
  for (const tab of strings(xml, 'tabs')) {
    if (tab.endsWith('__c') && !ctx.view.has(viewKey('CustomTab', tab))) {
      ctx.report(component, `In field: tab - no CustomTab named ${tab} found`);
    }
  }
  for (const page of collect(xml, 'content')) {
    if (!ctx.view.has(viewKey('FlexiPage', page))) {
      ctx.report(component, `In field: flexiPage - no FlexiPage named ${page} found`);
    }
  }
}

/**
 * An object's action (`Account.Prepare_QBR`) needs its object; an LWC action needs a bundle exposed for
 * `lightning__RecordAction`, in the org or in the same deploy.
 */
function quickActionRules(component: Component, ctx: RuleContext): void {
  const xml = xmlOf(component, 'QuickAction');
  const [objectName] = component.fullName.includes('.') ? component.fullName.split('.') : [];
  if (objectName && !findObject(ctx.model, objectName)) {
    ctx.report(component, `In field: sobjectType - no CustomObject named ${objectName} found`);
  }
  if (text(xml, 'type') !== 'LightningWebComponent') return;
  const bundleName = text(xml, 'lightningWebComponent') ?? '';
  const bundle = ctx.view.get(viewKey('LightningComponentBundle', bundleName));
  if (!bundle) {
    ctx.report(component, `In field: lightningWebComponent - no LightningComponentBundle named ${bundleName} found`);
    return;
  }
  const meta = xmlOf(bundle, 'LightningComponentBundle');
  if (
    text(meta, 'isExposed') !== 'true' ||
    !collect(meta.targets ?? {}, 'target').includes('lightning__RecordAction')
  ) {
    ctx.report(
      component,
      `Component [c:${bundleName}] isn't supported for the lightning__RecordAction target. Add it to the component's targets.`,
    );
  }
}

function tabRules(component: Component, ctx: RuleContext): void {
  const xml = xmlOf(component, 'CustomTab');
  if (flag(xml, 'customObject') && !findObject(ctx.model, component.fullName)) {
    ctx.report(component, `In field: customObject - no CustomObject named ${component.fullName} found`);
  }
}
