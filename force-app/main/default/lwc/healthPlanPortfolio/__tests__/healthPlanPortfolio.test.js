import { createElement } from 'lwc';
import HealthPlanPortfolio from 'c/healthPlanPortfolio';
// The component reads through lightning/uiGraphQLApi (see its import).
// eslint-disable-next-line @lwc/lwc/newer-version-available
import { graphql } from 'lightning/uiGraphQLApi';

const mockNavigate = jest.fn();
jest.mock('lightning/navigation', () => {
    const Navigate = Symbol('Navigate');
    const NavigationMixin = (Base) =>
        class extends Base {
            [Navigate](pageReference) {
                mockNavigate(pageReference);
            }
        };
    NavigationMixin.Navigate = Navigate;
    return { NavigationMixin };
});

const plans = require('./data/plans.json');
const empty = require('./data/empty.json');

const TODAY = '2026-11-29';

function flushPromises() {
    // eslint-disable-next-line @lwc/lwc/no-async-operation
    return new Promise((resolve) => setTimeout(resolve, 0));
}

async function render() {
    const element = createElement('c-health-plan-portfolio', { is: HealthPlanPortfolio });
    element.today = TODAY;
    document.body.appendChild(element);
    await flushPromises();
    return element;
}

const $ = (element, selector) => element.shadowRoot.querySelector(selector);
const $$ = (element, selector) => [...element.shadowRoot.querySelectorAll(selector)];
const names = (element) => $$(element, 'tbody th[scope="row"] a').map((a) => a.textContent);

async function choose(element, name, value) {
    const combobox = $$(element, 'lightning-combobox').find((candidate) => candidate.name === name);
    combobox.dispatchEvent(new CustomEvent('change', { detail: { value } }));
    await flushPromises();
}

describe('c-health-plan-portfolio', () => {
    afterEach(() => {
        while (document.body.firstChild) {
            document.body.removeChild(document.body.firstChild);
        }
        jest.clearAllMocks();
    });

    it('shows a spinner while the plans load', async () => {
        const element = await render();
        expect($(element, 'lightning-spinner')).not.toBeNull();
        await expect(element).toBeAccessible();
    });

    it('lists my plans by score with tier, override, change, top driver, value, renewal and lines', async () => {
        const element = await render();
        graphql.emit(plans);
        await flushPromises();
        // Delta Plans belongs to another owner: "mine" is the default.
        expect(names(element)).toEqual(['Bayou Health', 'Cascade Care', 'Alpine Mutual']);
        const bayou = $(element, 'tr[data-id="001000000000001AAA"]');
        expect(bayou.querySelector('.score').textContent).toBe('62');
        expect(bayou.querySelector('.tier').textContent).toContain('High');
        // 62.4 − 48.1 = 14.3, shown whole.
        expect(bayou.querySelector('.change').textContent).toBe('+14');
        expect(bayou.querySelector('.top-driver').textContent).toBe('Visits per 1,000 fell 30% in the last 3 months.');
        expect(bayou.querySelector('.contract-value').textContent).toBe('$2,400,000');
        expect(bayou.querySelector('.renewal').textContent).toBe('2027-01-20');
        expect(bayou.querySelector('.lines').textContent).toBe('Commercial, Medicare');
        const cascade = $(element, 'tr[data-id="001000000000002AAA"]');
        expect(cascade.querySelector('.tier').textContent).toContain('Critical');
        expect(cascade.querySelector('.model-tier').textContent).toBe('Model: Moderate');
        expect(cascade.querySelector('.change').textContent).toBe('—');
        await expect(element).toBeAccessible();
    });

    it('sums contract value by tier and by renewal quarter', async () => {
        const element = await render();
        graphql.emit(plans);
        await flushPromises();
        // Mine: 2,400,000 + 1,800,000 + 500,000 = 4,700,000.
        expect($(element, '.total').textContent).toBe('$4,700,000 across 3 plans');
        const tiers = $$(element, '.tier-sums [data-tier]').map((badge) => badge.textContent);
        expect(tiers).toEqual(['Critical: $1.8M (1 plan)', 'High: $2.4M (1 plan)', 'Low: $500K (1 plan)']);
        // Q4 2026 (from Nov 29): none of mine. Q1 2027: Bayou 2.4M (High) + Cascade 1.8M (Critical override) = 4.2M, all at risk.
        expect($(element, '.headline').textContent).toBe('$4.2M renewing in Q1 2027 is High or Critical');
        const q1 = $(element, 'tr[data-quarter="2027-Q1"]');
        expect(q1.querySelector('.renewing').textContent).toBe('$4.2M');
        expect(q1.querySelector('.at-risk').textContent).toBe('$4.2M');
        const q2 = $(element, 'tr[data-quarter="2027-Q2"]');
        expect(q2.querySelector('.renewing').textContent).toBe('$500K');
        expect(q2.querySelector('.at-risk').textContent).toBe('$0');
    });

    it('filters by owner, tier, line of business and renewal window', async () => {
        const element = await render();
        graphql.emit(plans);
        await flushPromises();
        await choose(element, 'owner', 'all');
        expect(names(element)).toEqual(['Delta Plans', 'Bayou Health', 'Cascade Care', 'Alpine Mutual']);
        await choose(element, 'renewal', '90');
        // Nov 29 + 90 days = Feb 27: Delta (Dec 15), Bayou (Jan 20), Cascade (Feb 10).
        expect(names(element)).toEqual(['Delta Plans', 'Bayou Health', 'Cascade Care']);
        await choose(element, 'tier', 'Critical');
        expect(names(element)).toEqual(['Delta Plans', 'Cascade Care']);
        await choose(element, 'lineOfBusiness', 'Medicaid');
        expect(names(element)).toEqual(['Cascade Care']);
        await choose(element, 'lineOfBusiness', 'Medicare');
        expect($(element, '.no-match').textContent).toBe('No plans match these filters.');
    });

    it('sorts on a column and reverses on a second click, telling screen readers the order', async () => {
        const element = await render();
        graphql.emit(plans);
        await flushPromises();
        $(element, 'button[data-column="contractValue"]').click();
        await flushPromises();
        expect(names(element)).toEqual(['Bayou Health', 'Cascade Care', 'Alpine Mutual']);
        $(element, 'button[data-column="contractValue"]').click();
        await flushPromises();
        expect(names(element)).toEqual(['Alpine Mutual', 'Cascade Care', 'Bayou Health']);
        expect($(element, 'button[data-column="contractValue"]').parentElement.getAttribute('aria-sort')).toBe(
            'ascending'
        );
        $(element, 'button[data-column="name"]').click();
        await flushPromises();
        expect(names(element)).toEqual(['Alpine Mutual', 'Bayou Health', 'Cascade Care']);
    });

    it('opens the account of a row', async () => {
        const element = await render();
        graphql.emit(plans);
        await flushPromises();
        $(element, 'a[data-id="001000000000003AAA"]').click();
        expect(mockNavigate).toHaveBeenCalledWith({
            type: 'standard__recordPage',
            attributes: { recordId: '001000000000003AAA', objectApiName: 'Account', actionName: 'view' }
        });
    });

    it('reads page after page until the org has no more, asking for each after the last cursor', async () => {
        const element = await render();
        const edges = plans.uiapi.query.Account.edges;
        const page = (from, to, hasNextPage, endCursor) => ({
            uiapi: {
                query: {
                    Account: { edges: edges.slice(from, to), totalCount: 4, pageInfo: { hasNextPage, endCursor } }
                }
            }
        });
        expect(graphql.getLastConfig().variables).toEqual({ after: null, first: 2000, upperBound: 10000 });
        graphql.emit(page(0, 2, true, 'djE6MQ=='));
        await flushPromises();
        expect($(element, 'lightning-spinner')).not.toBeNull();
        expect($(element, '[aria-live="polite"]').textContent).toBe('Loaded 2 of 4 plans');
        expect(graphql.getLastConfig().variables.after).toBe('djE6MQ==');
        graphql.emit(page(2, 4, false, 'djE6Mw=='));
        await flushPromises();
        await choose(element, 'owner', 'all');
        expect(names(element)).toEqual(['Delta Plans', 'Bayou Health', 'Cascade Care', 'Alpine Mutual']);
    });

    it('says so when the org has no health plans', async () => {
        const element = await render();
        graphql.emit(empty);
        await flushPromises();
        expect($(element, '.empty').textContent).toContain('No health plans to show.');
        await expect(element).toBeAccessible();
    });

    it('shows the GraphQL error message', async () => {
        const element = await render();
        graphql.emitErrors([
            { message: "Validation error of type FieldUndefined: Field 'Contract_Value__c' is undefined" }
        ]);
        await flushPromises();
        const panel = $(element, 'c-error-panel');
        expect(panel.friendlyMessage).toBe('The book of business could not be loaded.');
        expect(panel.errors).toEqual([
            { message: "Validation error of type FieldUndefined: Field 'Contract_Value__c' is undefined" }
        ]);
        await expect(element).toBeAccessible();
    });
});
