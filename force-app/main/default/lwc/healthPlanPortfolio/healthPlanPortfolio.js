import { LightningElement, api, wire } from 'lwc';
// lightning/uiGraphQLApi is the adapter every API 62.0 org serves; lightning/graphql needs a newer release.
// eslint-disable-next-line @lwc/lwc/newer-version-available
import { gql, graphql } from 'lightning/uiGraphQLApi';
import { NavigationMixin } from 'lightning/navigation';
import USER_ID from '@salesforce/user/Id';
import { formatCompactCurrency, formatCurrency, formatNumber } from 'c/numberFormat';
import { SORTABLE_COLUMNS, TIERS, filterPlans, planFromNode, portfolioSums, sortPlans } from 'c/portfolioMath';

/** Plans read per GraphQL call; with `upperBound`, Salesforce takes 200–2,000. */
const FETCH_SIZE = 2000;
/** The most plans the book reads (Salesforce pages past 2,000 records only with `upperBound`). */
const UPPER_BOUND = 10000;
/** Rows shown at once; the rest is a page away. */
const ROWS_PER_PAGE = 500;

const PLANS_QUERY = gql`
    query Portfolio($after: String, $first: Int, $upperBound: Int) {
        uiapi {
            query {
                Account(
                    first: $first
                    after: $after
                    upperBound: $upperBound
                    where: { Health_Plan_Id__c: { ne: null } }
                    orderBy: { Name: { order: ASC } }
                ) {
                    edges {
                        node {
                            Id
                            Name {
                                value
                            }
                            OwnerId {
                                value
                            }
                            Owner {
                                Name {
                                    value
                                }
                            }
                            Renewal_Risk_Score__c {
                                value
                            }
                            Renewal_Risk_Tier__c {
                                value
                            }
                            Renewal_Risk_Override__c {
                                value
                            }
                            Contract_Value__c {
                                value
                            }
                            Renewal_Date__c {
                                value
                            }
                            Lines_Of_Business__c {
                                value
                            }
                            Renewal_Risk_Assessments__r(first: 2, orderBy: { Assessed_On__c: { order: DESC } }) {
                                edges {
                                    node {
                                        Score__c {
                                            value
                                        }
                                        Drivers__c {
                                            value
                                        }
                                    }
                                }
                            }
                        }
                    }
                    totalCount
                    pageInfo {
                        hasNextPage
                        endCursor
                    }
                }
            }
        }
    }
`;

const COLUMNS = [
    { key: 'name', label: 'Health plan' },
    { key: 'score', label: 'Score', numeric: true },
    { key: 'tier', label: 'Tier' },
    { key: 'change', label: 'Change', numeric: true },
    { key: 'topDriver', label: 'Top driver' },
    { key: 'contractValue', label: 'Annual contract value', numeric: true },
    { key: 'renewalDate', label: 'Nearest renewal' },
    { key: 'linesOfBusiness', label: 'Lines of business' },
    { key: 'ownerName', label: 'Owner' }
];

const TIER_CLASS = {
    Low: 'slds-badge slds-theme_success',
    Moderate: 'slds-badge slds-badge_lightest',
    High: 'slds-badge slds-theme_warning',
    Critical: 'slds-badge slds-theme_error',
    Unrated: 'slds-badge'
};

const LINES_OF_BUSINESS = ['Commercial', 'Medicare', 'Medicaid', 'Exchange'];
const RENEWAL_WINDOWS = [30, 90, 180, 365];

/**
 * What the page shows, worked out once per change of plans, filters, sort or page: the template reads many
 * getters, and with 2,000 plans each must not filter, sort and sum again. Kept outside the component so that
 * caching never counts as a change LWC re-renders for.
 */
const views = new WeakMap();

function isoToday() {
    return new Date().toISOString().slice(0, 10);
}

/** The account director's book: every health plan they can see, its risk and renewal, sorted and filtered. */
export default class HealthPlanPortfolio extends NavigationMixin(LightningElement) {
    @api cardTitle = 'Book of business';
    /** For tests and the bench: the day sums and renewal windows count from (default today). */
    @api today;

    plans = [];
    totalCount = 0;
    after = null;
    errors;
    isComplete = false;

    tierFilter = 'all';
    ownerFilter = 'mine';
    lineOfBusinessFilter = 'all';
    renewalFilter = 'all';
    sortColumn = 'score';
    sortDirection = 'desc';
    pageIndex = 0;

    get variables() {
        return { after: this.after, first: FETCH_SIZE, upperBound: UPPER_BOUND };
    }

    @wire(graphql, { query: PLANS_QUERY, variables: '$variables' })
    wiredPlans({ data, errors }) {
        if (errors) {
            this.errors = errors;
            return;
        }
        if (!data) {
            return;
        }
        this.errors = undefined;
        const connection = data.uiapi.query.Account;
        const page = connection.edges.map((edge) => planFromNode(edge.node));
        this.plans = this.after === null ? page : [...this.plans, ...page];
        this.totalCount = connection.totalCount;
        if (connection.pageInfo.hasNextPage) {
            this.after = connection.pageInfo.endCursor;
        } else {
            this.isComplete = true;
        }
    }

    get day() {
        return this.today ?? isoToday();
    }

    get hasError() {
        return Boolean(this.errors);
    }

    get isLoading() {
        return !this.errors && !this.isComplete;
    }

    get isEmptyBook() {
        return this.plans.length === 0;
    }

    get filters() {
        return {
            tier: this.tierFilter,
            owner: this.ownerFilter,
            userId: USER_ID ?? null,
            lineOfBusiness: this.lineOfBusinessFilter,
            renewalWithinDays: this.renewalFilter === 'all' ? null : Number(this.renewalFilter)
        };
    }

    get view() {
        const filters = this.filters;
        const key = [
            filters.tier,
            filters.owner,
            filters.lineOfBusiness,
            filters.renewalWithinDays,
            this.sortColumn,
            this.sortDirection,
            this.day
        ].join('|');
        const cached = views.get(this);
        if (cached && cached.plans === this.plans && cached.key === key) {
            return cached.view;
        }
        const visible = sortPlans(filterPlans(this.plans, filters, this.day), this.sortColumn, this.sortDirection);
        const view = { visible, sums: portfolioSums(visible, this.day) };
        views.set(this, { plans: this.plans, key, view });
        return view;
    }

    get visiblePlans() {
        return this.view.visible;
    }

    get hasVisiblePlans() {
        return this.visiblePlans.length > 0;
    }

    get sums() {
        return this.view.sums;
    }

    get tierSums() {
        return this.sums.byTier
            .filter((entry) => entry.count > 0)
            .map((entry) => ({
                ...entry,
                badgeClass: TIER_CLASS[entry.tier],
                text: `${entry.tier}: ${formatCompactCurrency(entry.value)} (${entry.count} ${entry.count === 1 ? 'plan' : 'plans'})`
            }));
    }

    get quarterSums() {
        return this.sums.byQuarter.map((entry) => ({
            ...entry,
            valueText: formatCompactCurrency(entry.value),
            atRiskText: formatCompactCurrency(entry.atRisk),
            sentence: `${formatCompactCurrency(entry.atRisk)} of ${formatCompactCurrency(entry.value)} renewing in ${entry.label} is High or Critical`
        }));
    }

    /** The quarter with the most contract value at risk, in one sentence. */
    get atRiskHeadline() {
        const worst = this.sums.byQuarter.reduce(
            (most, entry) => (entry.atRisk > (most?.atRisk ?? 0) ? entry : most),
            null
        );
        return worst
            ? `${formatCompactCurrency(worst.atRisk)} renewing in ${worst.label} is High or Critical`
            : 'Nothing renewing in the next four quarters is High or Critical';
    }

    get totalText() {
        return `${formatCurrency(this.sums.total)} across ${formatNumber(this.sums.count)} ${this.sums.count === 1 ? 'plan' : 'plans'}`;
    }

    get pageCount() {
        return Math.max(1, Math.ceil(this.visiblePlans.length / ROWS_PER_PAGE));
    }

    get currentPage() {
        return Math.min(this.pageIndex, this.pageCount - 1);
    }

    get rows() {
        const start = this.currentPage * ROWS_PER_PAGE;
        return this.visiblePlans.slice(start, start + ROWS_PER_PAGE).map(rowOf);
    }

    get rangeText() {
        const count = this.visiblePlans.length;
        const start = this.currentPage * ROWS_PER_PAGE;
        const end = Math.min(start + ROWS_PER_PAGE, count);
        return `Plans ${formatNumber(start + 1)}–${formatNumber(end)} of ${formatNumber(count)}`;
    }

    get hasPages() {
        return this.pageCount > 1;
    }

    get isFirstPage() {
        return this.currentPage === 0;
    }

    get isLastPage() {
        return this.currentPage >= this.pageCount - 1;
    }

    get loadedText() {
        return `Loaded ${formatNumber(this.plans.length)} of ${formatNumber(this.totalCount)} plans`;
    }

    get columns() {
        return COLUMNS.map((column) => {
            const sorted = column.key === this.sortColumn;
            const ascending = this.sortDirection === 'asc';
            return {
                ...column,
                ariaSort: sorted ? (ascending ? 'ascending' : 'descending') : 'none',
                thClass: `slds-is-sortable${column.numeric ? ' slds-text-align_right' : ''}`,
                sortLabel: `Sort by ${column.label}`,
                arrow: sorted ? (ascending ? '▲' : '▼') : ''
            };
        });
    }

    get tierOptions() {
        return [
            { label: 'All tiers', value: 'all' },
            ...[...TIERS, 'Unrated'].map((tier) => ({ label: tier, value: tier }))
        ];
    }

    get ownerOptions() {
        return [
            { label: 'My plans', value: 'mine' },
            { label: 'All plans', value: 'all' }
        ];
    }

    get lineOfBusinessOptions() {
        return [
            { label: 'All lines', value: 'all' },
            ...LINES_OF_BUSINESS.map((line) => ({ label: line, value: line }))
        ];
    }

    get renewalOptions() {
        return [
            { label: 'Any renewal date', value: 'all' },
            ...RENEWAL_WINDOWS.map((days) => ({ label: `Renews within ${days} days`, value: String(days) }))
        ];
    }

    handleFilter(event) {
        const { name } = event.target;
        const { value } = event.detail;
        if (name === 'tier') {
            this.tierFilter = value;
        } else if (name === 'owner') {
            this.ownerFilter = value;
        } else if (name === 'lineOfBusiness') {
            this.lineOfBusinessFilter = value;
        } else if (name === 'renewal') {
            this.renewalFilter = value;
        }
        this.pageIndex = 0;
    }

    handleSort(event) {
        const column = event.currentTarget.dataset.column;
        if (!SORTABLE_COLUMNS.includes(column)) {
            return;
        }
        if (column === this.sortColumn) {
            this.sortDirection = this.sortDirection === 'asc' ? 'desc' : 'asc';
        } else {
            this.sortColumn = column;
            this.sortDirection = column === 'name' || column === 'renewalDate' ? 'asc' : 'desc';
        }
        this.pageIndex = 0;
    }

    previousPage() {
        this.pageIndex = Math.max(0, this.currentPage - 1);
    }

    nextPage() {
        this.pageIndex = Math.min(this.pageCount - 1, this.currentPage + 1);
    }

    /** One listener for every row's link: a table of 2,000 plans does not need 2,000. */
    openPlan(event) {
        const link = event.target.closest('a[data-id]');
        if (!link) {
            return;
        }
        event.preventDefault();
        this[NavigationMixin.Navigate]({
            type: 'standard__recordPage',
            attributes: { recordId: link.dataset.id, objectApiName: 'Account', actionName: 'view' }
        });
    }
}

/** A plan as its table row shows it, formatted once per plan. */
const rows = new WeakMap();

function rowOf(plan) {
    let row = rows.get(plan);
    if (!row) {
        row = {
            ...plan,
            href: `/lightning/r/Account/${plan.id}/view`,
            scoreText: plan.score === null ? '—' : formatNumber(plan.score),
            tierClass: TIER_CLASS[plan.tier] ?? TIER_CLASS.Unrated,
            modelTierText: plan.overrideTier ? `Model: ${plan.modelTier ?? 'Unrated'}` : '',
            changeText: changeText(plan.change),
            contractValueText: formatCurrency(plan.contractValue),
            renewalText: plan.renewalDate ?? '—',
            linesText: plan.linesOfBusiness.join(', ') || '—',
            topDriverText: plan.topDriver || '—'
        };
        rows.set(plan, row);
    }
    return row;
}

function changeText(change) {
    if (change === null) {
        return '—';
    }
    const rounded = Math.round(change);
    return rounded > 0 ? `+${rounded}` : `${rounded}`;
}
