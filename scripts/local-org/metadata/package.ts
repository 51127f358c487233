import JSZip from 'jszip';
import { XMLBuilder } from 'fast-xml-parser';
import { list, parseXml, text, XmlNode } from '../../schema/forceAppSchema.js';

/** One deployable unit as the Metadata API names it in componentSuccesses / componentFailures. */
export type Component = {
  type: string;
  fullName: string;
  /** The file of the package it came from, as Salesforce reports it (`objects/Account.object`). */
  fileName: string;
  /** The component's XML document (for bundles, the `.js-meta.xml`). */
  xml: string;
  /** Bundle files other than the XML, by name (LightningComponentBundle). */
  files?: Record<string, string>;
};

/** A problem with one component; `problem` is Salesforce's text. */
export type ComponentProblem = {
  type: string;
  fullName: string;
  fileName: string;
  problem: string;
  problemType: 'Error' | 'Warning';
};

export const MAX_ZIP_BYTES = 39 * 1024 * 1024;

/** Zip entries are text; the package root is where package.xml is. */
export async function readZip(zip: Buffer): Promise<Map<string, string>> {
  const archive = await JSZip.loadAsync(zip);
  const files = new Map<string, string>();
  for (const entry of Object.values(archive.files)) {
    if (!entry.dir) files.set(entry.name, await entry.async('string'));
  }
  const manifest = [...files.keys()].find((name) => name === 'package.xml' || name.endsWith('/package.xml'));
  if (!manifest) return files;
  const root = manifest.slice(0, -'package.xml'.length);
  return new Map(
    [...files].filter(([name]) => name.startsWith(root)).map(([name, value]) => [name.slice(root.length), value]),
  );
}

export async function writeZip(files: Map<string, string>): Promise<Buffer> {
  const archive = new JSZip();
  for (const [name, content] of files) archive.file(name, content);
  return archive.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  format: true,
  indentBy: '    ',
  suppressEmptyNode: true,
});

const NAMESPACE = 'http://soap.sforce.com/2006/04/metadata';

/** An XML document with `root` as its element, as Salesforce writes metadata. */
export function toXml(root: string, node: XmlNode): string {
  const body = builder.build({ [root]: { '@_xmlns': NAMESPACE, ...withoutAttribute(node, '@_xmlns') } });
  return `<?xml version="1.0" encoding="UTF-8"?>\n${body}`;
}

function withoutAttribute(node: XmlNode, name: string): XmlNode {
  const copy = { ...node };
  delete copy[name];
  return copy;
}

/** Folder, suffix and root element of each whole-file type this org takes. */
const FILE_TYPES: Record<string, { folder: string; suffix: string }> = {
  CustomMetadata: { folder: 'customMetadata', suffix: '.md' },
  PermissionSet: { folder: 'permissionsets', suffix: '.permissionset' },
  Layout: { folder: 'layouts', suffix: '.layout' },
  CustomTab: { folder: 'tabs', suffix: '.tab' },
  CustomApplication: { folder: 'applications', suffix: '.app' },
  FlexiPage: { folder: 'flexipages', suffix: '.flexipage' },
  QuickAction: { folder: 'quickActions', suffix: '.quickAction' },
};

/** The children of a CustomObject file that are components of their own, by the element holding them. */
export const OBJECT_CHILDREN: Record<string, string> = {
  fields: 'CustomField',
  listViews: 'ListView',
  compactLayouts: 'CompactLayout',
  validationRules: 'ValidationRule',
};

export const SUPPORTED_TYPES = new Set([
  'CustomObject',
  ...Object.values(OBJECT_CHILDREN),
  ...Object.keys(FILE_TYPES),
  'LightningComponentBundle',
]);

export function folderOf(type: string): { folder: string; suffix: string } | undefined {
  return FILE_TYPES[type];
}

export type ParsedPackage = {
  components: Component[];
  problems: ComponentProblem[];
};

/**
 * The components of a metadata-format package: what package.xml names, read from its files. A member
 * named without a file, or of a type this org does not know, is a problem, as it is in Salesforce.
 */
export function parsePackage(files: ReadonlyMap<string, string>): ParsedPackage {
  let parsed = parsedPackages.get(files);
  if (!parsed) {
    parsed = readPackage(files);
    parsedPackages.set(files, parsed);
  }
  return parsed;
}

/** A package read once per files map: the preload deploys the same map into every test org. */
const parsedPackages = new WeakMap<ReadonlyMap<string, string>, ParsedPackage>();

function readPackage(files: ReadonlyMap<string, string>): ParsedPackage {
  const manifestText = files.get('package.xml');
  if (manifestText === undefined) {
    return { components: [], problems: [problem('', 'package.xml', 'package.xml', 'No package.xml found')] };
  }
  const components: Component[] = [];
  const problems: ComponentProblem[] = [];
  const manifest = parseXml('package.xml', manifestText, 'Package');
  const objectFiles = new Map<string, XmlNode>();
  for (const types of list(manifest, 'types')) {
    const type = text(types, 'name') ?? '';
    const members = ([] as unknown[]).concat(types.members ?? []).filter((m): m is string => typeof m === 'string');
    for (const member of members) {
      try {
        const component = readMember(files, objectFiles, type, member);
        if (component) components.push(component);
        else
          problems.push(
            problem(
              type,
              member,
              'package.xml',
              `An object '${member}' of type ${type} was named in package.xml, but was not found in zipped directory`,
            ),
          );
      } catch (error) {
        problems.push(problem(type, member, fileNameOf(type, member), (error as Error).message));
      }
    }
  }
  return { components, problems };
}

function problem(type: string, fullName: string, fileName: string, message: string): ComponentProblem {
  return { type, fullName, fileName, problem: message, problemType: 'Error' };
}

function fileNameOf(type: string, member: string): string {
  const objectName = member.split('.')[0];
  if (type === 'CustomObject' || Object.values(OBJECT_CHILDREN).includes(type)) return `objects/${objectName}.object`;
  if (type === 'LightningComponentBundle') return `lwc/${member}`;
  const folder = FILE_TYPES[type];
  return folder ? `${folder.folder}/${member}${folder.suffix}` : 'package.xml';
}

function readMember(
  files: ReadonlyMap<string, string>,
  objectFiles: Map<string, XmlNode>,
  type: string,
  member: string,
): Component | undefined {
  if (!SUPPORTED_TYPES.has(type)) throw new Error(`Unknown type name '${type}' specified in package.xml`);
  const fileName = fileNameOf(type, member);
  if (type === 'LightningComponentBundle') return readBundle(files, member);
  if (type === 'CustomObject' || Object.values(OBJECT_CHILDREN).includes(type)) {
    const objectName = member.split('.')[0];
    let objectXml = objectFiles.get(objectName);
    if (!objectXml) {
      const source = files.get(fileName);
      if (source === undefined) return undefined;
      objectXml = parseXml(fileName, source, 'CustomObject');
      objectFiles.set(objectName, objectXml);
    }
    if (type === 'CustomObject') {
      const own = Object.fromEntries(Object.entries(objectXml).filter(([key]) => !(key in OBJECT_CHILDREN)));
      return { type, fullName: member, fileName, xml: toXml('CustomObject', own) };
    }
    const element = Object.keys(OBJECT_CHILDREN).find((key) => OBJECT_CHILDREN[key] === type)!;
    const childName = member.slice(objectName.length + 1);
    const child = list(objectXml, element).find((node) => text(node, 'fullName') === childName);
    return child ? { type, fullName: member, fileName, xml: toXml(type, child) } : undefined;
  }
  const source = files.get(fileName);
  return source === undefined ? undefined : { type, fullName: member, fileName, xml: source };
}

function readBundle(files: ReadonlyMap<string, string>, member: string): Component | undefined {
  const folder = `lwc/${member}/`;
  const metaName = `${folder}${member}.js-meta.xml`;
  const xml = files.get(metaName);
  if (xml === undefined) return undefined;
  const bundleFiles: Record<string, string> = {};
  for (const [name, content] of files) {
    if (name.startsWith(folder) && name !== metaName) bundleFiles[name.slice(folder.length)] = content;
  }
  return { type: 'LightningComponentBundle', fullName: member, fileName: metaName, xml, files: bundleFiles };
}
