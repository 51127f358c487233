/**
 * The `@salesforce/*` scoped modules that the platform generates per org, generated here at build time:
 * schema references, custom labels (from force-app's CustomLabels file), the running user and the
 * locale values that base components read.
 */
import fs from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import type { Plugin } from 'rollup';

const prefix = '\0salesforce:';
/** Base-component gates that need native shadow DOM; the page runs synthetic shadow, as Lightning Experience does. */
const closedGates = new Set(['bc.260.enableComboboxElementInternals']);
const lbcScopedImports = path.join('node_modules', 'lightning-base-components', 'scopedImports');

/** `Account.Renewal_Risk_Score__c` → `{ objectApiName, fieldApiName }`; `Account` → `{ objectApiName }`. */
export function schemaModule(reference: string): string {
  const [objectApiName, ...field] = reference.split('.');
  const value = field.length ? { objectApiName, fieldApiName: field.join('.') } : { objectApiName };
  return `export default ${JSON.stringify(value)};`;
}

function readCustomLabels(repoRoot: string): Map<string, string> {
  const file = path.join(repoRoot, 'force-app', 'main', 'default', 'labels', 'CustomLabels.labels-meta.xml');
  const labels = new Map<string, string>();
  if (!fs.existsSync(file)) return labels;
  const parsed = new XMLParser({ isArray: (name) => name === 'labels' }).parse(fs.readFileSync(file, 'utf8')) as {
    CustomLabels?: { labels?: Array<{ fullName: string; value: string }> };
  };
  for (const label of parsed.CustomLabels?.labels ?? []) labels.set(String(label.fullName), String(label.value));
  return labels;
}

function moduleSource(specifier: string, repoRoot: string, labels: Map<string, string>): string | undefined {
  const [, kind, name] = /^@salesforce\/([^/]+)\/(.+)$/.exec(specifier) ?? [];
  if (kind === 'schema') return schemaModule(name);
  if (kind === 'label' && name.startsWith('c.')) {
    const key = name.slice(2);
    return `export default ${JSON.stringify(labels.get(key) ?? key)};`;
  }
  // The page names the org's user before the bundle loads (see pages.ts), as the platform does per session.
  if (kind === 'user' && name === 'Id') return 'export default globalThis.previewContext?.userId ?? null;';
  if (kind === 'user' && name === 'isGuest') return 'export default false;';
  if (kind === 'gate' && closedGates.has(name)) return 'export default { isOpen: () => false };';
  // Labels, i18n and client values the base components ship defaults for.
  const shipped = path.join(repoRoot, lbcScopedImports, `@salesforce-${kind}-${name}.js`);
  if (fs.existsSync(shipped)) return fs.readFileSync(shipped, 'utf8');
  return undefined;
}

export function salesforceScopedModules(repoRoot: string): Plugin {
  const labels = readCustomLabels(repoRoot);
  return {
    name: 'salesforce-scoped-modules',
    resolveId(id) {
      // Anything else (gates, access checks) resolves through the base components' own module map.
      if (!id.startsWith('@salesforce/') || moduleSource(id, repoRoot, labels) === undefined) return null;
      return prefix + id;
    },
    load(id) {
      if (!id.startsWith(prefix)) return null;
      return moduleSource(id.slice(prefix.length), repoRoot, labels) ?? null;
    },
  };
}
