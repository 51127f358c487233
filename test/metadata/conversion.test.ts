import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { ComponentSet, MetadataConverter } from '@salesforce/source-deploy-retrieve';
import { DEFAULT_FORCE_APP_DIR } from '../../scripts/schema/forceAppSchema.js';
import { componentCounts } from './componentCounts.js';
import {
  DESIGN_MODEL,
  RISK_FACTORS,
  RISK_SETTINGS_MODEL,
  RISK_TIERS,
  SAVINGS_ASSUMPTION_SETS,
  modelSize,
} from './designModel.js';

const PERMISSION_SETS = ['Health_Plan_Account_Manager', 'Health_Plan_Sync', 'Health_Plan_Admin'];

describe('force-app conversion to metadata format', () => {
  let outputDir: string;

  before(() => {
    outputDir = mkdtempSync(path.join(os.tmpdir(), 'force-app-mdapi-'));
  });

  after(() => {
    rmSync(outputDir, { recursive: true, force: true });
  });

  it('converts every source component without error', async () => {
    const components = ComponentSet.fromSource(DEFAULT_FORCE_APP_DIR);
    const result = await new MetadataConverter().convert(components, 'metadata', {
      type: 'directory',
      outputDirectory: outputDir,
      genUniqueDir: false,
    });

    expect(result.converted).to.not.be.empty;
    const manifest = readFileSync(path.join(outputDir, 'package.xml'), 'utf8');
    expect(manifest).to.include('<name>CustomObject</name>').and.include('<name>PermissionSet</name>');
    for (const [objectName, fields] of Object.entries({ ...DESIGN_MODEL, ...RISK_SETTINGS_MODEL })) {
      const objectXml = readFileSync(path.join(outputDir, 'objects', `${objectName}.object`), 'utf8');
      for (const fieldName of Object.keys(fields)) {
        expect(objectXml, `${objectName}.object`).to.include(`<fullName>${fieldName}</fullName>`);
      }
    }
    for (const name of PERMISSION_SETS) {
      expect(existsSync(path.join(outputDir, 'permissionsets', `${name}.permissionset`)), name).to.equal(true);
    }
  });

  it('holds exactly the objects, fields, permission sets and risk settings of the model', () => {
    const counts = componentCounts(DEFAULT_FORCE_APP_DIR);
    const size = modelSize();

    expect(counts.CustomObject, 'CustomObject').to.equal(size.customObjects);
    expect(counts.CustomField, 'CustomField').to.equal(size.fields);
    expect(counts.PermissionSet, 'PermissionSet').to.equal(PERMISSION_SETS.length);
    expect(counts.CustomMetadata, 'CustomMetadata').to.equal(
      RISK_FACTORS.length + RISK_TIERS.length + SAVINGS_ASSUMPTION_SETS.length,
    );
  });

  it('gives every custom object list views and a compact layout', () => {
    const counts = componentCounts(DEFAULT_FORCE_APP_DIR);
    const customObjects = Object.keys(DESIGN_MODEL).filter((name) => name.endsWith('__c'));

    expect(counts.ListView).to.be.at.least(2 * customObjects.length);
    expect(counts.CompactLayout).to.be.at.least(customObjects.length);
  });
});
