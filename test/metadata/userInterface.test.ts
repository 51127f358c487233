import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { XMLParser } from 'fast-xml-parser';
import { DEFAULT_FORCE_APP_DIR, loadForceAppSchema } from '../../scripts/schema/forceAppSchema.js';

const parser = new XMLParser({ parseTagValue: false });

function readRoot(file: string): Record<string, unknown> {
  const document = parser.parse(readFileSync(file, 'utf8')) as Record<string, Record<string, unknown>>;
  const root = Object.keys(document).find((key) => key !== '?xml');
  return document[root ?? ''];
}

function strings(value: unknown): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

function metadataFiles(folder: string, suffix: string): string[] {
  const dir = path.join(DEFAULT_FORCE_APP_DIR, folder);
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((name) => name.endsWith(suffix))
        .map((name) => path.join(dir, name))
    : [];
}

/** Columns of list views that name standard fields the report way (ACCOUNT.NAME, CORE.USERS.ALIAS, NAME). */
const isStandardColumn = (column: string): boolean => !column.endsWith('__c');

describe('list views, compact layouts, page layouts, tabs and the app', () => {
  const schema = loadForceAppSchema();
  const fieldsOf = (objectName: string): Record<string, unknown> => schema.objects[objectName]?.fields ?? {};

  it('list views and compact layouts name fields of their own object', () => {
    for (const objectName of Object.keys(schema.objects)) {
      for (const file of metadataFiles(`objects/${objectName}/listViews`, '.listView-meta.xml')) {
        const listView = readRoot(file);
        const filters = (Array.isArray(listView.filters) ? listView.filters : [listView.filters]).filter(
          Boolean,
        ) as Array<{
          field: string;
        }>;
        for (const name of [...strings(listView.columns), ...filters.map((f) => f.field)].filter(
          (c) => !isStandardColumn(c),
        )) {
          expect(fieldsOf(objectName), `${path.basename(file)}: ${name}`).to.have.property(name);
        }
      }
      for (const file of metadataFiles(`objects/${objectName}/compactLayouts`, '.compactLayout-meta.xml')) {
        for (const name of strings(readRoot(file).fields).filter((f) => f !== 'Name')) {
          expect(fieldsOf(objectName), `${path.basename(file)}: ${name}`).to.have.property(name);
        }
      }
    }
  });

  it('each custom object has a page layout showing every one of its fields, formulas read-only', () => {
    for (const object of Object.values(schema.objects).filter((o) => o.kind === 'custom')) {
      const file = path.join(DEFAULT_FORCE_APP_DIR, 'layouts', `${object.name}-${object.label} Layout.layout-meta.xml`);
      expect(existsSync(file), file).to.equal(true);
      const items = JSON.stringify(readRoot(file));
      for (const field of Object.values(object.fields)) {
        const behavior = field.formula ? 'Readonly' : field.required ? 'Required' : 'Edit';
        expect(items, `${object.name}.${field.name}`).to.include(`{"behavior":"${behavior}","field":"${field.name}"}`);
      }
    }
  });

  it('custom objects with history-tracked fields enable field history', () => {
    for (const object of Object.values(schema.objects).filter((o) => o.kind === 'custom')) {
      if (!Object.values(object.fields).some((field) => field.trackHistory)) continue;
      const objectXml = readRoot(
        path.join(DEFAULT_FORCE_APP_DIR, 'objects', object.name, `${object.name}.object-meta.xml`),
      );
      expect(objectXml.enableHistory, object.name).to.equal('true');
    }
  });

  it('tabs and the app point at objects that exist', () => {
    for (const file of metadataFiles('tabs', '.tab-meta.xml')) {
      const [page] = strings(readRoot(file).flexiPage);
      if (page === undefined) {
        expect(schema.objects, file).to.have.property(path.basename(file, '.tab-meta.xml'));
      } else {
        const pageFile = path.join(DEFAULT_FORCE_APP_DIR, 'flexipages', `${page}.flexipage-meta.xml`);
        expect(existsSync(pageFile), `${file}: ${page}`).to.equal(true);
      }
    }
    for (const file of metadataFiles('applications', '.app-meta.xml')) {
      for (const tab of strings(readRoot(file).tabs).filter((t) => !t.startsWith('standard-'))) {
        expect(existsSync(path.join(DEFAULT_FORCE_APP_DIR, 'tabs', `${tab}.tab-meta.xml`)), `${file}: ${tab}`).to.equal(
          true,
        );
      }
    }
  });

  it('the app opens Accounts on a record page that exists', () => {
    for (const file of metadataFiles('applications', '.app-meta.xml')) {
      const overrides = ([] as Array<Record<string, unknown>>).concat(
        (readRoot(file).actionOverrides as Array<Record<string, unknown>> | undefined) ?? [],
      );
      const flexipages = overrides.filter((override) => override.type === 'Flexipage').map((o) => String(o.content));
      expect(flexipages, file).to.include('Health_Plan_Account_Record_Page');
      for (const page of flexipages) {
        const pageFile = path.join(DEFAULT_FORCE_APP_DIR, 'flexipages', `${page}.flexipage-meta.xml`);
        expect(existsSync(pageFile), `${file}: ${page}`).to.equal(true);
      }
    }
  });
});
