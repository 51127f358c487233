import { createElement } from 'lwc';
import ErrorPanel from 'c/errorPanel';

const flushPromises = () => Promise.resolve();

describe('c-error-panel', () => {
    afterEach(() => {
        while (document.body.firstChild) {
            document.body.removeChild(document.body.firstChild);
        }
    });

    function render(props) {
        const element = createElement('c-error-panel', { is: ErrorPanel });
        Object.assign(element, props);
        document.body.appendChild(element);
        return element;
    }

    it('shows the friendly message and reveals the messages on request', async () => {
        const element = render({
            friendlyMessage: 'Could not load the risk score.',
            errors: { body: [{ message: 'Insufficient access' }] }
        });
        await flushPromises();
        expect(element.shadowRoot.querySelector('.friendly-message').textContent).toBe(
            'Could not load the risk score.'
        );
        expect(element.shadowRoot.querySelector('.details')).toBeNull();

        const toggle = element.shadowRoot.querySelector('.details-toggle');
        expect(toggle.getAttribute('aria-expanded')).toBe('false');
        toggle.click();
        await flushPromises();
        expect(toggle.getAttribute('aria-expanded')).toBe('true');
        expect(element.shadowRoot.querySelector('.details').textContent).toBe('Insufficient access');
        await expect(element).toBeAccessible();
    });

    it('says a message once when several errors carry it', async () => {
        const element = render({
            errors: [
                { body: [{ message: 'Object not supported' }] },
                { body: [{ message: 'Object not supported' }, { message: 'Field not readable' }] }
            ]
        });
        await flushPromises();
        element.shadowRoot.querySelector('.details-toggle').click();
        await flushPromises();
        const items = [...element.shadowRoot.querySelectorAll('.details li')].map((li) => li.textContent);
        expect(items).toEqual(['Object not supported', 'Field not readable']);
    });

    it('offers no details toggle when there are no messages', async () => {
        const element = render({ errors: undefined });
        await flushPromises();
        expect(element.shadowRoot.querySelector('.details-toggle')).toBeNull();
        await expect(element).toBeAccessible();
    });
});
