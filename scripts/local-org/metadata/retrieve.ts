import { makeId } from '../ids.js';
import type { OrgState } from '../org.js';
import { parseXml, XmlNode } from '../../schema/forceAppSchema.js';
import { folderOf, OBJECT_CHILDREN, SUPPORTED_TYPES, toXml, writeZip } from './package.js';
import type { StoredComponent } from './repository.js';
import { SoapFault } from './soap.js';

type Retrieval = { done: false } | { done: true; result: Record<string, unknown> };

const retrievals = new WeakMap<OrgState, Map<string, Retrieval>>();
let sequence = 0;

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);

/** Starts a retrieve of the members `request.unpackaged` names; the zip is built in the background. */
export function startRetrieve(org: OrgState, request: Record<string, unknown>): string {
  const unpackaged = (request.unpackaged ?? {}) as Record<string, unknown>;
  const wanted = asList(unpackaged.types).map((t) => {
    const types = t as Record<string, unknown>;
    return { name: typeof types.name === 'string' ? types.name : '', members: asList(types.members).map(String) };
  });
  const singlePackage = request.singlePackage === true || request.singlePackage === 'true';
  const id = makeId('09S', ++sequence);
  const map = retrievals.get(org) ?? new Map<string, Retrieval>();
  retrievals.set(org, map);
  map.set(id, { done: false });
  retrieve(org, id, wanted, singlePackage).then(
    (result) => map.set(id, { done: true, result }),
    (error: unknown) =>
      map.set(id, {
        done: true,
        result: {
          done: true,
          id,
          status: 'Failed',
          success: false,
          errorMessage: (error as Error).message,
          errorStatusCode: 'UNKNOWN_EXCEPTION',
        },
      }),
  );
  return id;
}

export function retrieveResult(org: OrgState, id: string, includeZip: boolean): Record<string, unknown> {
  const retrieval = retrievals.get(org)?.get(id);
  if (!retrieval) throw new SoapFault('INVALID_ID_FIELD', `invalid id: ${id}`);
  if (!retrieval.done) return { done: false, id, status: 'InProgress', success: false };
  return includeZip ? retrieval.result : { ...retrieval.result, zipFile: undefined };
}

async function retrieve(
  org: OrgState,
  id: string,
  wanted: Array<{ name: string; members: string[] }>,
  singlePackage: boolean,
): Promise<Record<string, unknown>> {
  const root = singlePackage ? '' : 'unpackaged/';
  const found: StoredComponent[] = [];
  const messages: Array<{ fileName: string; problem: string }> = [];
  for (const { name, members } of wanted) {
    const all = SUPPORTED_TYPES.has(name) ? org.metadata.all(name) : [];
    for (const member of members) {
      const matches = member === '*' ? all : all.filter((c) => c.fullName.toLowerCase() === member.toLowerCase());
      if (matches.length === 0 && member !== '*') {
        messages.push({
          fileName: `${root}package.xml`,
          problem: `Entity of type '${name}' named '${member}' cannot be found`,
        });
      }
      found.push(...matches);
    }
  }
  const files = new Map<string, string>();
  const objects = new Map<string, XmlNode>();
  for (const component of found) {
    if (component.type === 'CustomObject' || Object.values(OBJECT_CHILDREN).includes(component.type)) {
      const objectName = component.fullName.split('.')[0];
      const object = objects.get(objectName) ?? {};
      const root = parseXml(component.fileName, component.xml, component.type);
      if (component.type === 'CustomObject') Object.assign(object, root);
      else {
        const element = Object.keys(OBJECT_CHILDREN).find((key) => OBJECT_CHILDREN[key] === component.type)!;
        object[element] = [...asList(object[element]), root];
      }
      objects.set(objectName, object);
    } else if (component.type === 'LightningComponentBundle') {
      files.set(`${root}lwc/${component.fullName}/${component.fullName}.js-meta.xml`, component.xml);
      for (const [name, content] of Object.entries(component.files ?? {})) {
        files.set(`${root}lwc/${component.fullName}/${name}`, content);
      }
    } else {
      const folder = folderOf(component.type)!;
      files.set(`${root}${folder.folder}/${component.fullName}${folder.suffix}`, component.xml);
    }
  }
  for (const [name, object] of objects) files.set(`${root}objects/${name}.object`, toXml('CustomObject', object));
  files.set(`${root}package.xml`, manifest(found));
  return {
    done: true,
    id,
    status: 'Succeeded',
    success: true,
    fileProperties: found.map((c) => ({
      createdById: org.identity.userId,
      createdByName: 'Local Admin',
      createdDate: c.createdDate,
      fileName: `${root}${fileNameOf(c)}`,
      fullName: c.fullName,
      id: c.id,
      lastModifiedById: org.identity.userId,
      lastModifiedByName: 'Local Admin',
      lastModifiedDate: c.lastModifiedDate,
      manageableState: 'unmanaged',
      type: c.type,
    })),
    messages,
    zipFile: (await writeZip(files)).toString('base64'),
  };
}

function fileNameOf(component: StoredComponent): string {
  if (component.type === 'LightningComponentBundle') return `lwc/${component.fullName}`;
  const folder = folderOf(component.type);
  return folder
    ? `${folder.folder}/${component.fullName}${folder.suffix}`
    : `objects/${component.fullName.split('.')[0]}.object`;
}

function manifest(components: StoredComponent[]): string {
  const byType = new Map<string, string[]>();
  for (const c of components) byType.set(c.type, [...(byType.get(c.type) ?? []), c.fullName]);
  const types = [...byType.keys()].sort().map((name) => ({ members: byType.get(name)!.sort(), name }));
  return toXml('Package', { types, version: '62.0' });
}
