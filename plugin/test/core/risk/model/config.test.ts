import { expect } from 'chai';
import {
  DEFAULT_RISK_CONFIG,
  MEASURES,
  validateRiskConfig,
  type FactorConfig,
  type RiskConfig,
} from '../../../../src/core/risk/model/index.js';

const factor = (overrides: Partial<FactorConfig> = {}): FactorConfig => ({
  key: 'Utilization_Trend',
  label: 'Utilization trend',
  weight: 3,
  good: 0,
  bad: -0.25,
  play: 'Play',
  ...overrides,
});
const config = (overrides: Partial<RiskConfig> = {}): RiskConfig => ({
  factors: [factor()],
  tiers: { moderate: 15.8, high: 36.8, critical: 68.4 },
  baseRate: 0.05,
  ...overrides,
});

describe('risk config validation: each refusal with its message', () => {
  it('accepts a valid config, and the defaults', () => {
    expect(validateRiskConfig(config())).to.deep.equal([]);
    expect(validateRiskConfig(DEFAULT_RISK_CONFIG)).to.deep.equal([]);
  });

  it('refuses a factor listed twice', () => {
    expect(validateRiskConfig(config({ factors: [factor(), factor({ weight: 1 })] }))).to.deep.equal([
      { factor: 'Utilization_Trend', field: 'key', message: 'appears more than once' },
    ]);
  });

  it('refuses a blank or unknown DeveloperName', () => {
    expect(validateRiskConfig(config({ factors: [factor(), factor({ key: ' ' })] }))).to.deep.equal([
      { factor: ' ', field: 'key', message: 'is blank; every factor needs a DeveloperName' },
    ]);
    expect(validateRiskConfig(config({ factors: [factor(), factor({ key: 'Churn_Signal' })] }))).to.deep.equal([
      {
        factor: 'Churn_Signal',
        field: 'key',
        message: `unknown factor; known factors: ${Object.keys(MEASURES).join(', ')}`,
      },
    ]);
  });

  it('refuses blank and negative weights and blank thresholds (blank fields arrive as NaN)', () => {
    const issues = validateRiskConfig(
      config({
        factors: [
          factor(),
          factor({ key: 'Rating_Trend', weight: Number.NaN }),
          factor({ key: 'Rating_Vs_Target', weight: -1 }),
          factor({ key: 'Registration_Trend', good: Number.NaN }),
          factor({ key: 'Registration_Vs_Target', bad: Number.NaN }),
        ],
      }),
    );
    expect(issues).to.deep.equal([
      { factor: 'Rating_Trend', field: 'weight', message: 'must be a number of 0 or more, got a blank value' },
      { factor: 'Rating_Vs_Target', field: 'weight', message: 'must be a number of 0 or more, got -1' },
      { factor: 'Registration_Trend', field: 'good', message: 'must be a number, got a blank value' },
      { factor: 'Registration_Vs_Target', field: 'bad', message: 'must be a number, got a blank value' },
    ]);
  });

  it('refuses equal thresholds', () => {
    expect(validateRiskConfig(config({ factors: [factor({ good: 1, bad: 1 })] }))).to.deep.equal([
      { factor: 'Utilization_Trend', field: 'bad', message: 'must differ from good (both 1)' },
    ]);
  });

  it('refuses all-zero weights', () => {
    const zero = config({ factors: [factor({ weight: 0 }), factor({ key: 'Rating_Trend', weight: 0 })] });
    expect(validateRiskConfig(zero)).to.deep.equal([
      { factor: null, field: 'weight', message: 'at least one factor needs a weight above 0' },
    ]);
  });

  it('refuses tier cut-offs out of order, equal, outside 0–100 or blank', () => {
    const message = (got: string): object[] => [
      {
        factor: null,
        field: 'tiers',
        message: `tier cut-offs must rise within 0–100 (Moderate < High < Critical), got ${got}`,
      },
    ];
    const tiers = (moderate: number, high: number, critical: number): object[] =>
      validateRiskConfig(config({ tiers: { moderate, high, critical } }));
    expect(tiers(40, 15, 70)).to.deep.equal(message('40, 15, 70'));
    expect(tiers(15, 70, 40)).to.deep.equal(message('15, 70, 40'));
    expect(tiers(15, 15, 70)).to.deep.equal(message('15, 15, 70'));
    expect(tiers(15, 40, 40)).to.deep.equal(message('15, 40, 40'));
    expect(tiers(0, 40, 70)).to.deep.equal(message('0, 40, 70'));
    expect(tiers(15, 40, 100.5)).to.deep.equal(message('15, 40, 100.5'));
    expect(tiers(Number.NaN, 40, 70)).to.deep.equal(message('a blank value, 40, 70'));
    expect(tiers(15, 40, 100)).to.deep.equal([]);
  });

  it('refuses a base rate that is blank, 0, 1 or outside', () => {
    for (const [baseRate, got] of [
      [Number.NaN, 'a blank value'],
      [0, '0'],
      [1, '1'],
      [-0.1, '-0.1'],
      [5, '5'],
    ] as const) {
      expect(validateRiskConfig(config({ baseRate })), got).to.deep.equal([
        {
          factor: null,
          field: 'baseRate',
          message: `the base non-renewal rate must be above 0 and below 1, got ${got}`,
        },
      ]);
    }
    expect(validateRiskConfig(config({ baseRate: 0.0001 }))).to.deep.equal([]);
    expect(validateRiskConfig(config({ baseRate: 0.9999 }))).to.deep.equal([]);
  });
});
