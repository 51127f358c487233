import { cpSync, mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { DEFAULT_FORCE_APP_DIR, ForceAppSchemaError, loadForceAppSchema } from '../../scripts/schema/forceAppSchema.js';
import { componentCounts } from './componentCounts.js';
import { designGaps, modelSize } from './designModel.js';

const METADATA_NS = 'http://soap.sforce.com/2006/04/metadata';
const XSI_NS = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"';

function write(root: string, relative: string, content: string): string {
  const file = path.join(root, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
  return file;
}

function field(name: string, body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<CustomField xmlns="${METADATA_NS}">
    <fullName>${name}</fullName>
${body}
</CustomField>
`;
}

function customObject(body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<CustomObject xmlns="${METADATA_NS}">\n${body}\n</CustomObject>\n`;
}

function expectSchemaError(rootDir: string, file: string, message: RegExp): void {
  let caught: unknown;
  try {
    loadForceAppSchema(rootDir);
  } catch (error) {
    caught = error;
  }
  expect(caught).to.be.instanceOf(ForceAppSchemaError);
  const error = caught as ForceAppSchemaError;
  expect(error.file).to.equal(file);
  expect(error.message).to.include(file).and.match(message);
}

describe('loadForceAppSchema', () => {
  let tempRoot: string;

  beforeEach(() => {
    tempRoot = mkdtempSync(path.join(os.tmpdir(), 'force-app-schema-'));
  });

  afterEach(() => {
    rmSync(tempRoot, { recursive: true, force: true });
  });

  describe('on force-app', () => {
    it('reads standard, custom and custom metadata objects with their kinds and name fields', () => {
      const schema = loadForceAppSchema();

      expect(schema.objects.Account.kind).to.equal('standard');
      expect(schema.objects.Account.nameField).to.equal(undefined);
      expect(schema.objects.Account_Plan__c).to.include({ kind: 'custom', label: 'Account Plan' });
      expect(schema.objects.Account_Plan__c.nameField).to.include({ name: 'Name', type: 'Text' });
      expect(schema.objects.Utilization_Snapshot__c.nameField?.type).to.equal('AutoNumber');
      expect(schema.objects.Risk_Factor__mdt.kind).to.equal('customMetadata');
    });

    it('reads lengths, precision, keys, relationships, formulas and history tracking', () => {
      const { objects } = loadForceAppSchema();
      const snapshot = objects.Utilization_Snapshot__c.fields;

      expect(snapshot.Snapshot_Key__c).to.include({
        type: 'Text',
        length: 80,
        required: true,
        unique: true,
        externalId: true,
        caseSensitive: true,
      });
      expect(snapshot.Cost_Savings__c).to.include({ type: 'Currency', precision: 16, scale: 2 });
      expect(snapshot.Account__c).to.include({
        type: 'MasterDetail',
        required: true,
        referenceTo: 'Account',
        relationshipName: 'Utilization_Snapshots',
        parentRelationshipName: 'Account__r',
      });
      expect(snapshot.Visits_Per_1000__c.formula).to.deep.equal({
        expression: 'IF(Eligible_Members__c > 0, Visits__c / Eligible_Members__c * 1000 * 12, NULL)',
        treatBlanksAs: 'BlankAsBlank',
      });
      expect(objects.Account.fields.Renewal_Risk_Override_Reason__c).to.include({ type: 'TextArea', length: 255 });
      expect(objects.Account_Plan__c.fields.Status__c.trackHistory).to.equal(true);
      expect(objects.Account.fields.Renewal_Risk_Override__c.trackHistory).to.equal(false);
      expect(objects.Account_Plan__c.fields.Status__c.picklist).to.deep.equal({
        values: ['Draft', 'Active', 'Closed'],
        restricted: true,
        defaultValue: 'Draft',
      });
    });

    it('types custom metadata values as numbers, booleans and strings', () => {
      const record = loadForceAppSchema().customMetadataRecords.find(
        (r) => r.type === 'Risk_Factor__mdt' && r.developerName === 'Days_To_Renewal',
      );

      expect(record?.label).to.equal('Days to renewal');
      expect(record?.values.Weight__c).to.be.a('number');
      expect(record?.values.Good_Threshold__c).to.equal(365);
      expect(record?.values.Active__c).to.equal(true);
      expect(record?.values.Play__c).to.be.a('string');
    });

    it('makes the design check and the component counts fail when a field is removed', () => {
      const copy = path.join(tempRoot, 'default');
      cpSync(DEFAULT_FORCE_APP_DIR, copy, { recursive: true });
      unlinkSync(path.join(copy, 'objects', 'Utilization_Snapshot__c', 'fields', 'Visits__c.field-meta.xml'));

      expect(designGaps(loadForceAppSchema(copy))).to.deep.equal(['Utilization_Snapshot__c.Visits__c is missing']);
      expect(componentCounts(copy).CustomField).to.equal(modelSize().fields - 1);
    });
  });

  describe('on hand-made folders', () => {
    it('reads custom metadata records: typed values, nil, defaults of missing fields', () => {
      write(tempRoot, 'objects/Knob__mdt/Knob__mdt.object-meta.xml', customObject('<label>Knob</label>'));
      write(tempRoot, 'objects/Knob__mdt/fields/Level__c.field-meta.xml', field('Level__c', '<type>Number</type>'));
      write(
        tempRoot,
        'objects/Knob__mdt/fields/On__c.field-meta.xml',
        field('On__c', '<defaultValue>true</defaultValue><type>Checkbox</type>'),
      );
      write(tempRoot, 'objects/Knob__mdt/fields/Note__c.field-meta.xml', field('Note__c', '<type>Text</type>'));
      write(
        tempRoot,
        'customMetadata/Knob.Main.md-meta.xml',
        `<?xml version="1.0" encoding="UTF-8"?>
<CustomMetadata xmlns="${METADATA_NS}" ${XSI_NS}>
    <label>Main knob</label>
    <protected>true</protected>
    <values><field>Level__c</field><value xsi:type="xsd:double">-0.25</value></values>
    <values><field>Note__c</field><value xsi:nil="true"/></values>
</CustomMetadata>`,
      );

      expect(loadForceAppSchema(tempRoot).customMetadataRecords).to.deep.equal([
        {
          type: 'Knob__mdt',
          developerName: 'Main',
          label: 'Main knob',
          protected: true,
          values: { Level__c: -0.25, Note__c: null, On__c: true },
        },
      ]);
    });

    it('reads a one-value picklist and an unrestricted one', () => {
      write(tempRoot, 'objects/Thing__c/Thing__c.object-meta.xml', customObject('<label>Thing</label>'));
      write(
        tempRoot,
        'objects/Thing__c/fields/Kind__c.field-meta.xml',
        field(
          'Kind__c',
          '<type>Picklist</type><valueSet><valueSetDefinition><value><fullName>2026</fullName><default>false</default></value></valueSetDefinition></valueSet>',
        ),
      );

      const kind = loadForceAppSchema(tempRoot).objects.Thing__c.fields.Kind__c;
      expect(kind.picklist).to.deep.equal({ values: ['2026'], restricted: false, defaultValue: undefined });
    });

    it('names the file, line and column of malformed XML', () => {
      write(tempRoot, 'objects/Thing__c/Thing__c.object-meta.xml', customObject('<label>Thing</label>'));
      const broken = write(
        tempRoot,
        'objects/Thing__c/fields/Bad__c.field-meta.xml',
        field('Bad__c', '<type>Text</type\n<length>5</length>'),
      );

      expectSchemaError(tempRoot, broken, /malformed XML at line \d+, column \d+/);
    });

    it('rejects an unsupported field type, naming the file', () => {
      write(tempRoot, 'objects/Thing__c/Thing__c.object-meta.xml', customObject('<label>Thing</label>'));
      const file = write(
        tempRoot,
        'objects/Thing__c/fields/Where__c.field-meta.xml',
        field('Where__c', '<type>Location</type>'),
      );

      expectSchemaError(tempRoot, file, /field type Location is not supported/);
    });

    it('rejects a field whose fullName differs from its file name', () => {
      write(tempRoot, 'objects/Thing__c/Thing__c.object-meta.xml', customObject('<label>Thing</label>'));
      const file = write(
        tempRoot,
        'objects/Thing__c/fields/Here__c.field-meta.xml',
        field('There__c', '<type>Text</type>'),
      );

      expectSchemaError(tempRoot, file, /fullName There__c does not match/);
    });

    it('rejects a custom object without its object file', () => {
      write(tempRoot, 'objects/Thing__c/fields/Size__c.field-meta.xml', field('Size__c', '<type>Number</type>'));

      expectSchemaError(tempRoot, path.join(tempRoot, 'objects/Thing__c/Thing__c.object-meta.xml'), /missing/);
    });

    it('rejects custom metadata values for fields the type lacks, and numbers that are not', () => {
      write(tempRoot, 'objects/Knob__mdt/Knob__mdt.object-meta.xml', customObject('<label>Knob</label>'));
      write(tempRoot, 'objects/Knob__mdt/fields/Level__c.field-meta.xml', field('Level__c', '<type>Number</type>'));
      const record = (values: string): string =>
        `<CustomMetadata xmlns="${METADATA_NS}" ${XSI_NS}><label>K</label><protected>false</protected>${values}</CustomMetadata>`;

      const unknown = write(
        tempRoot,
        'customMetadata/Knob.A.md-meta.xml',
        record('<values><field>Size__c</field><value xsi:type="xsd:double">1</value></values>'),
      );
      expectSchemaError(tempRoot, unknown, /Size__c, which is not a field of Knob__mdt/);

      write(
        tempRoot,
        'customMetadata/Knob.A.md-meta.xml',
        record('<values><field>Level__c</field><value xsi:type="xsd:double">high</value></values>'),
      );
      expectSchemaError(tempRoot, unknown, /Level__c: "high" is not a number/);
    });

    it('rejects a folder that does not exist', () => {
      const missing = path.join(tempRoot, 'nowhere');
      expectSchemaError(missing, missing, /folder not found/);
    });
  });
});
