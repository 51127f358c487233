import { createElement } from 'lwc';
import RiskWhatIf from 'c/riskWhatIf';
// The component reads through lightning/uiGraphQLApi (see its import).
// eslint-disable-next-line @lwc/lwc/newer-version-available
import { graphql } from 'lightning/uiGraphQLApi';

const inputs = require('./data/inputs.json');
const inputsEmpty = require('./data/inputsEmpty.json');

function flushPromises() {
    // eslint-disable-next-line @lwc/lwc/no-async-operation
    return new Promise((resolve) => setTimeout(resolve, 0));
}

async function render() {
    const element = createElement('c-risk-what-if', { is: RiskWhatIf });
    element.recordId = '001000000000001AAA';
    element.asOf = '2026-11-29';
    document.body.appendChild(element);
    await flushPromises();
    return element;
}

const $ = (element, selector) => element.shadowRoot.querySelector(selector);
const $$ = (element, selector) => [...element.shadowRoot.querySelectorAll(selector)];

const combobox = (element, name) => $$(element, 'lightning-combobox').find((candidate) => candidate.name === name);

async function change(element, selector, value) {
    const input = typeof selector === 'string' ? $(element, selector) : selector;
    input.dispatchEvent(new CustomEvent('change', { detail: { value } }));
    await flushPromises();
}

// The fixture scores 28.5 (Moderate): see c/whatIfMath's tests for the arithmetic.
describe('c-risk-what-if', () => {
    afterEach(() => {
        while (document.body.firstChild) {
            document.body.removeChild(document.body.firstChild);
        }
    });

    it('shows a spinner while the inputs load', async () => {
        const element = await render();
        expect($(element, 'lightning-spinner')).not.toBeNull();
        await expect(element).toBeAccessible();
    });

    it("starts at the model's score with the levers at the org's figures and the way to the next tier", async () => {
        const element = await render();
        graphql.emit(inputs);
        await flushPromises();
        // Worked in whatIfMath's test: Σ log-odds 4.3734 → 79.7, Critical.
        expect($(element, '.what-if-score').textContent).toBe('79.7');
        expect($(element, '.what-if-tier').textContent).toBe('Critical');
        expect($(element, '.baseline').textContent).toBe("Model on the org's data: 79.7 (Critical)");
        expect($$(element, 'lightning-slider').map((slider) => slider.label)).toEqual([
            'Visits per 1,000: 120 (now 120)',
            'Registration rate (%): 20.0% (now 20.0%)',
            'Average rating: 4.50 (now 4.50)',
            'Cost savings a year: $12,000 (now $12,000)'
        ]);
        expect($(element, '.distances [data-key="visitsPer1000"]').textContent).toBe(
            'Visits per 1,000 at 138 or more brings this plan to High.'
        );
        expect($(element, 'lightning-button.reset').disabled).toBe(true);
        await expect(element).toBeAccessible();
    });

    it('updates score, tier and drivers live as levers move, and resets', async () => {
        const element = await render();
        graphql.emit(inputs);
        await flushPromises();
        // Visits per 1,000 at 150: on target and up 25% on the months before: 1.0 off the log-odds, Σ = 3.3734,
        // log-odds 0.4289, p = 0.60562, score 58.49 → 58.5 (High).
        await change(element, 'lightning-slider[data-key="visitsPer1000"]', 150);
        expect($(element, '.what-if-score').textContent).toBe('58.5');
        expect($(element, '.what-if-tier').textContent).toBe('High');
        expect($(element, '.result').getAttribute('aria-live')).toBe('polite');
        // Champion: 1.875 off, Σ = 1.4984 (registration 1.0, renewal 0.4984), log-odds −1.4461, p = 0.19061,
        // score 14.80 → 14.8 (Low, under 15.8); each factor's share of it: 14.80 × 1.0 / 1.4984 = 9.9 and
        // 14.80 × 0.4984 / 1.4984 = 4.9 points.
        await change(element, combobox(element, 'sentiment'), 'Champion');
        expect($(element, '.what-if-score').textContent).toBe('14.8');
        expect($(element, '.what-if-tier').textContent).toBe('Low');
        expect($(element, '.distances')).toBeNull();
        expect($$(element, '.driver').map((driver) => driver.lastChild.textContent)).toEqual(
            expect.arrayContaining(['9.9 points', '4.9 points'])
        );
        expect($(element, '.driver').textContent).toContain('20% of eligible members were registered in Oct 2026');
        $(element, 'lightning-button.reset').click();
        await flushPromises();
        expect($(element, '.what-if-score').textContent).toBe('79.7');
        expect(combobox(element, 'sentiment').value).toBe('Neutral');
    });

    it('says there is nothing to try when the model has no data', async () => {
        const element = await render();
        graphql.emit(inputsEmpty);
        await flushPromises();
        expect($(element, '.empty').textContent).toBe(
            'The model has no data to score this plan yet, so there is nothing to try.'
        );
        await expect(element).toBeAccessible();
    });

    it('shows the GraphQL error', async () => {
        const element = await render();
        graphql.emitErrors([{ message: 'Unknown field argument upperBound' }]);
        await flushPromises();
        const panel = $(element, 'c-error-panel');
        expect(panel.friendlyMessage).toBe("The model's inputs could not be loaded.");
        expect(panel.errors).toEqual([{ message: 'Unknown field argument upperBound' }]);
        await expect(element).toBeAccessible();
    });
});
