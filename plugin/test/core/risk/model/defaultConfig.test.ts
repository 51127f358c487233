import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { DEFAULT_RISK_CONFIG, MEASURES } from '../../../../src/core/risk/model/index.js';
import { riskMetadataFiles } from '../../../../src/core/risk/metadataRecords.js';

const METADATA_DIR = fileURLToPath(new URL('../../../../../force-app/main/default/customMetadata/', import.meta.url));

type MetadataRecord = { developerName: string; label: string; values: Record<string, string> };

function readRecords(type: string): MetadataRecord[] {
  return readdirSync(METADATA_DIR)
    .filter((file) => file.startsWith(`${type}.`))
    .map((file) => {
      const xml = readFileSync(`${METADATA_DIR}${file}`, 'utf8');
      const values: Record<string, string> = {};
      for (const match of xml.matchAll(/<field>([^<]+)<\/field>\s*<value[^>]*>([^<]*)<\/value>/g))
        values[match[1]] = match[2];
      const unescaped = (text: string): string =>
        text
          .replace(/&apos;/g, "'")
          .replace(/&quot;/g, '"')
          .replace(/&amp;/g, '&');
      for (const key of Object.keys(values)) values[key] = unescaped(values[key]);
      return {
        developerName: file.split('.')[1],
        label: unescaped(/<label>([^<]*)<\/label>/.exec(xml)?.[1] ?? ''),
        values,
      };
    });
}

describe('shipped defaults equal the custom metadata records in force-app', () => {
  it('Risk_Factor__mdt: same factors, weights, thresholds and plays', () => {
    const records = readRecords('Risk_Factor').filter((record) => record.values.Active__c === 'true');
    const fromMetadata = records
      .sort((a, b) => Number(a.values.Sort_Order__c) - Number(b.values.Sort_Order__c))
      .map((record) => ({
        key: record.developerName,
        label: record.label,
        weight: Number(record.values.Weight__c),
        good: Number(record.values.Good_Threshold__c),
        bad: Number(record.values.Bad_Threshold__c),
        play: record.values.Play__c,
      }));
    expect(DEFAULT_RISK_CONFIG.factors).to.deep.equal(fromMetadata);
  });

  it('every factor in force-app has a measure in the model', () => {
    for (const record of readRecords('Risk_Factor')) expect(MEASURES).to.have.property(record.developerName);
  });

  it('Risk_Tier__mdt: same cut-offs', () => {
    const minimum = Object.fromEntries(
      readRecords('Risk_Tier').map((record) => [record.developerName, Number(record.values.Min_Score__c)]),
    );
    expect(minimum.Low).to.equal(0);
    expect(DEFAULT_RISK_CONFIG.tiers).to.deep.equal({
      moderate: minimum.Moderate,
      high: minimum.High,
      critical: minimum.Critical,
    });
    const low = readRecords('Risk_Tier').find((record) => record.developerName === 'Low');
    expect(Number(low?.values.Base_Rate__c)).to.equal(DEFAULT_RISK_CONFIG.baseRate);
  });

  it('the record files are byte for byte what `risk fit` writes for the defaults', () => {
    for (const file of riskMetadataFiles(DEFAULT_RISK_CONFIG))
      expect(readFileSync(`${METADATA_DIR}${file.name}`, 'utf8'), file.name).to.equal(file.content);
  });
});
