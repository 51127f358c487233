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
