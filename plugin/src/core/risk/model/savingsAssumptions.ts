import { formatMoney } from './format.js';

/**
 * Cost-savings assumptions: what the care a telehealth visit replaced would have cost, and what the
 * telehealth visit itself costs. The sync computes `Cost_Savings__c` with them (`--assumptions`
 * overrides any); the record page shows the defaults, with their sources, beside the savings.
 */
export type SavingsAssumptions = {
  erVisitCost: number;
  urgentCareVisitCost: number;
  primaryCareVisitCost: number;
  telehealthVisitCost: number;
  /** Where the figures come from, shown wherever savings are shown. */
  source: string;
};

export type SavingsCost = Exclude<keyof SavingsAssumptions, 'source'>;

/** Public 2024 average costs per visit (DESIGN.md, "Feeds"). */
const DEFAULT_COSTS: Record<SavingsCost, number> = {
  erVisitCost: 1686,
  urgentCareVisitCost: 156,
  primaryCareVisitCost: 147,
  telehealthVisitCost: 91,
};

/** DeveloperName of the shipped `Savings_Assumption__mdt` record that holds the defaults. */
export const DEFAULT_ASSUMPTION_SET = 'Public_2024_Averages';

export const DEFAULT_SAVINGS_ASSUMPTIONS: SavingsAssumptions = {
  ...DEFAULT_COSTS,
  source:
    `Public 2024 average costs per visit (ER ${formatMoney(DEFAULT_COSTS.erVisitCost)}, ` +
    `urgent care ${formatMoney(DEFAULT_COSTS.urgentCareVisitCost)}, ` +
    `primary care ${formatMoney(DEFAULT_COSTS.primaryCareVisitCost)}, ` +
    `telehealth ${formatMoney(DEFAULT_COSTS.telehealthVisitCost)}); only visits that name the care they replaced count`,
};

export type SavingsFigure = { key: SavingsCost; label: string; amount: number; source: string };

/** Each default figure as people read it: what it stands for, the amount and where it comes from. */
export const DEFAULT_SAVINGS_FIGURES: SavingsFigure[] = [
  {
    key: 'erVisitCost',
    label: 'Avoided emergency department visit',
    amount: DEFAULT_COSTS.erVisitCost,
    source: 'Public 2024 average cost of an emergency department visit',
  },
  {
    key: 'urgentCareVisitCost',
    label: 'Avoided urgent care visit',
    amount: DEFAULT_COSTS.urgentCareVisitCost,
    source: 'Public 2024 average cost of an urgent care visit',
  },
  {
    key: 'primaryCareVisitCost',
    label: 'Avoided primary care visit',
    amount: DEFAULT_COSTS.primaryCareVisitCost,
    source: 'Public 2024 average cost of a primary care office visit',
  },
  {
    key: 'telehealthVisitCost',
    label: 'Cost of the telehealth visit (subtracted)',
    amount: DEFAULT_COSTS.telehealthVisitCost,
    source: 'Public 2024 average cost of a telehealth visit',
  },
];

/** A named set of assumptions: the `Savings_Assumption__mdt` DeveloperName, or `file:NAME` for a file. */
export type AssumptionSet = SavingsAssumptions & { name: string };

/** Length of `Utilization_Snapshot__c.Savings_Assumption_Set__c`. */
export const ASSUMPTION_SET_FIELD_LENGTH = 255;

const COST_ORDER: SavingsCost[] = ['erVisitCost', 'urgentCareVisitCost', 'primaryCareVisitCost', 'telehealthVisitCost'];

/**
 * The snapshot field value naming the set that produced its savings: `NAME|ER|URGENT|PRIMARY|TELEHEALTH|SOURCE`,
 * the source cut to fit the field; filterable by name with `LIKE 'NAME|%'`.
 */
export function assumptionSetValue(set: AssumptionSet): string {
  const head = [set.name.replace(/\|/g, '/'), ...COST_ORDER.map((key) => String(set[key]))].join('|');
  return `${head}|${set.source}`.slice(0, ASSUMPTION_SET_FIELD_LENGTH);
}

/** The set a snapshot field value names, or null for a blank or unreadable value (snapshots from before sets were recorded). */
export function parseAssumptionSet(value: string | null | undefined): AssumptionSet | null {
  if (!value) return null;
  const parts = value.split('|');
  if (parts.length < 6) return null;
  const texts = parts.slice(1, 5);
  if (!parts[0] || texts.some((text) => text.trim() === '' || !Number.isFinite(Number(text)))) return null;
  const [erVisitCost, urgentCareVisitCost, primaryCareVisitCost, telehealthVisitCost] = texts.map(Number);
  return {
    name: parts[0],
    erVisitCost,
    urgentCareVisitCost,
    primaryCareVisitCost,
    telehealthVisitCost,
    source: parts.slice(5).join('|'),
  };
}

/** A set's figures as people read them, each with the set's source. */
export function savingsFigures(set: SavingsAssumptions): SavingsFigure[] {
  return DEFAULT_SAVINGS_FIGURES.map((figure) => ({ ...figure, amount: set[figure.key], source: set.source }));
}
