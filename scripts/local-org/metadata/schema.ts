import type { FieldSchema, OrgSchema } from '../../schema/types.js';
import { parseField, parseObject, parseXml, text, XmlNode } from '../../schema/forceAppSchema.js';
import type { Component } from './package.js';

/** Components by `Type:fullname` (lower case), the org's deployed state or the state a deploy would leave. */
export type ComponentView = Map<string, Component>;

export const viewKey = (type: string, fullName: string): string => `${type}:${fullName.toLowerCase()}`;

const parsed = new Map<string, XmlNode>();
const MAX_PARSED = 5000;

/**
 * A component's XML root, parsed once per process: every deploy checks the whole org's state and every
 * schema rebuild reads all of it. Callers do not change the answer.
 */
export function xmlOf(component: Component, root: string): XmlNode {
  const key = `${root}\u0000${component.xml}`;
  let node = parsed.get(key);
  if (!node) {
    node = parseXml(component.fileName, component.xml, root);
    if (parsed.size >= MAX_PARSED) parsed.clear();
    parsed.set(key, node);
  }
  return node;
}

/**
 * The objects and fields the components define. A component whose XML cannot be read is reported to
 * `onError` and left out.
 */
export function schemaOf(view: ComponentView, onError: (component: Component, message: string) => void): OrgSchema {
  const objectXml = new Map<string, { component: Component; xml: XmlNode }>();
  const fields = new Map<string, Record<string, FieldSchema>>();
  const names = new Map<string, string>();
  for (const component of view.values()) {
    try {
      if (component.type === 'CustomObject') {
        objectXml.set(component.fullName.toLowerCase(), { component, xml: xmlOf(component, 'CustomObject') });
        names.set(component.fullName.toLowerCase(), component.fullName);
      } else if (component.type === 'CustomField') {
        const [objectName, fieldName] = component.fullName.split('.');
        const field = parseField(component.fileName, fieldName, xmlOf(component, 'CustomField'));
        const lower = objectName.toLowerCase();
        if (!names.has(lower)) names.set(lower, objectName);
        fields.set(lower, { ...(fields.get(lower) ?? {}), [field.name]: field });
      }
    } catch (error) {
      onError(component, (error as Error).message);
    }
  }
  const objects: OrgSchema['objects'] = {};
  for (const [lower, name] of names) {
    const own = objectXml.get(lower);
    // A custom field of a custom object that is not in the org or the deploy has no object to belong to.
    if (!own && name.includes('__')) continue;
    try {
      objects[name] = parseObject(own?.component.fileName ?? '', name, own?.xml, fields.get(lower) ?? {});
    } catch (error) {
      if (own) onError(own.component, (error as Error).message);
    }
  }
  return { objects, customMetadataRecords: [] };
}

/** Whether field history is on for an object: its CustomObject's enableHistory, else the org's setting. */
export function historyEnabled(view: ComponentView, objectName: string, orgSetting: boolean): boolean {
  const component = view.get(viewKey('CustomObject', objectName));
  if (!component) return orgSetting;
  try {
    const value = text(xmlOf(component, 'CustomObject'), 'enableHistory');
    return value === undefined ? orgSetting : value === 'true';
  } catch {
    return orgSetting;
  }
}
