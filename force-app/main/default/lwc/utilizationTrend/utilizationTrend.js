import { LightningElement, api, wire } from 'lwc';
import { getRelatedListRecords } from 'lightning/uiRelatedListApi';
import { isWireLoading, mapRecords, wireErrors } from 'c/ldsUtils';
import { PLAN_FIELDS, pickActivePlan, planFromRecord } from 'c/accountPlanMath';
import { formatNumber, formatPercent } from 'c/numberFormat';
import {
    buildTrend,
    chartGeometry,
    LINES_OF_BUSINESS,
    monthLabel,
    SNAPSHOT_FIELDS,
    snapshotFromRecord
} from 'c/utilizationMath';

const PERIODS = [12, 24, 36];
const WIDTH = 640;
const HEIGHT = 220;
const MARGIN = { top: 12, right: 28, bottom: 28, left: 48 };

const METRICS = [
    {
        key: 'visitsPer1000',
        title: 'Visits per 1,000 members (annualized)',
        targetKey: 'targetVisitsPer1000',
        format: (value) => formatNumber(value),
        tick: (value) => formatNumber(value)
    },
    {
        key: 'registrationRate',
        title: 'Registration rate',
        targetKey: 'targetRegistrationRate',
        format: (value) => formatPercent(value),
        tick: (value) => formatPercent(value, 0)
    }
];

/** Monthly utilization per line of business against the active plan's targets, as charts and as a table. */
export default class UtilizationTrend extends LightningElement {
    @api recordId;
    @api cardTitle = 'Utilization trend';
    @api defaultMonths = '12';

    snapshots;
    snapshotsError;
    plans;
    plansError;

    selectedMonths;
    /** The trend of the snapshots over the selected months, worked out when either changes rather than on every render. */
    trend = buildTrend([], 0);
    hiddenLines = [];
    showTable = false;

    connectedCallback() {
        const preferred = Number(this.defaultMonths);
        this.selectedMonths = PERIODS.includes(preferred) ? preferred : PERIODS[0];
        this.updateTrend();
    }

    @wire(getRelatedListRecords, {
        parentRecordId: '$recordId',
        relatedListId: 'Utilization_Snapshots__r',
        fields: SNAPSHOT_FIELDS,
        sortBy: ['-Utilization_Snapshot__c.Period_Start__c'],
        pageSize: 200
    })
    wiredSnapshots({ data, error }) {
        this.snapshots = mapRecords(data, snapshotFromRecord);
        this.snapshotsError = error;
        this.updateTrend();
    }

    @wire(getRelatedListRecords, {
        parentRecordId: '$recordId',
        relatedListId: 'Account_Plans__r',
        fields: PLAN_FIELDS,
        sortBy: ['-Account_Plan__c.Plan_Year__c'],
        pageSize: 10
    })
    wiredPlans({ data, error }) {
        this.plans = mapRecords(data, planFromRecord);
        this.plansError = error;
    }

    get errors() {
        return wireErrors(this.snapshotsError, this.plansError);
    }

    get hasError() {
        return this.errors.length > 0;
    }

    get isLoading() {
        return isWireLoading(this.errors, this.snapshots, this.plans);
    }

    get isEmpty() {
        return this.snapshots.length === 0;
    }

    get periodOptions() {
        return PERIODS.map((months) => ({ label: `Last ${months} months`, value: `${months}` }));
    }

    get selectedPeriod() {
        return `${this.selectedMonths}`;
    }

    get activePlan() {
        return pickActivePlan(this.plans ?? []);
    }

    get planCaption() {
        const plan = this.activePlan;
        return plan ? `Dashed line: ${plan.planYear} plan target` : 'No account plan: no target line';
    }

    updateTrend() {
        this.trend = buildTrend(this.snapshots ?? [], this.selectedMonths);
    }

    get lineToggles() {
        return this.trend.lines.map((line) => ({
            key: line.lineOfBusiness,
            label: line.lineOfBusiness,
            checked: !this.hiddenLines.includes(line.lineOfBusiness),
            swatchClass: `swatch ${seriesClass(line.lineOfBusiness)}`
        }));
    }

    get visibleLines() {
        return this.trend.lines.filter((line) => !this.hiddenLines.includes(line.lineOfBusiness));
    }

    get charts() {
        const { months } = this.trend;
        const lines = this.visibleLines;
        const plan = this.activePlan;
        return METRICS.map((metric) => {
            const target = plan ? plan[metric.targetKey] : null;
            const geometry = chartGeometry({
                months,
                series: lines.map((line) => ({ key: line.lineOfBusiness, values: line[metric.key] })),
                target,
                width: WIDTH,
                height: HEIGHT,
                margin: MARGIN
            });
            return {
                key: metric.key,
                title: metric.title,
                viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
                summary: chartSummary(metric, months, lines, target),
                paths: geometry.paths.map((path) => ({ ...path, className: `series ${seriesClass(path.key)}` })),
                yTicks: geometry.yTicks.map((tick) => ({
                    ...tick,
                    label: metric.tick(tick.value),
                    labelX: MARGIN.left - 6,
                    labelY: tick.y + 4
                })),
                xLabels: geometry.xLabels.map((label) => ({ ...label, y: HEIGHT - 8 })),
                target: geometry.target
                    ? {
                          ...geometry.target,
                          label: `Target ${metric.format(geometry.target.value)}`,
                          labelX: geometry.plot.right - 4,
                          labelY: geometry.target.y - 4
                      }
                    : null,
                plot: geometry.plot
            };
        });
    }

    get tableColumns() {
        return this.visibleLines.flatMap((line) =>
            METRICS.map((metric) => ({
                key: `${line.lineOfBusiness}-${metric.key}`,
                label: `${line.lineOfBusiness} ${metric.key === 'visitsPer1000' ? 'visits per 1,000' : 'registration rate'}`
            }))
        );
    }

    get tableRows() {
        const lines = this.visibleLines;
        return this.trend.months.map((month, index) => ({
            key: month,
            label: monthLabel(month),
            cells: lines.flatMap((line) =>
                METRICS.map((metric) => ({
                    key: `${line.lineOfBusiness}-${metric.key}`,
                    value: metric.format(line[metric.key][index])
                }))
            )
        }));
    }

    get tableToggleLabel() {
        return this.showTable ? 'Hide the numbers' : 'Show the numbers as a table';
    }

    get allLinesHidden() {
        return this.visibleLines.length === 0;
    }

    handlePeriodChange(event) {
        this.selectedMonths = Number(event.detail.value);
        this.updateTrend();
    }

    handleLineToggle(event) {
        const line = event.target.dataset.line;
        const checked = event.detail.checked ?? event.target.checked;
        this.hiddenLines = checked ? this.hiddenLines.filter((hidden) => hidden !== line) : [...this.hiddenLines, line];
    }

    toggleTable() {
        this.showTable = !this.showTable;
    }
}

function seriesClass(lineOfBusiness) {
    const index = LINES_OF_BUSINESS.indexOf(lineOfBusiness);
    return `series-${index === -1 ? 'other' : index}`;
}

function chartSummary(metric, months, lines, target) {
    if (months.length === 0 || lines.length === 0) {
        return `${metric.title}: no lines of business selected.`;
    }
    const last = months.length - 1;
    const latest = lines.map((line) => `${line.lineOfBusiness} ${metric.format(line[metric.key][last])}`).join(', ');
    const targetText = target === null || target === undefined ? '' : ` Target ${metric.format(target)}.`;
    return `${metric.title}, ${monthLabel(months[0])} to ${monthLabel(months[last])}. Latest month: ${latest}.${targetText} The table below lists every month.`;
}
