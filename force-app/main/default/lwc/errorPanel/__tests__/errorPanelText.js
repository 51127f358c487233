/**
 * What a component's error panel tells the user: its friendly message, then each detail behind its toggle.
 * Shared by the component tests that assert the words shown, not only that a panel exists.
 */
export async function errorPanelText(host) {
    const panel = host.shadowRoot.querySelector('c-error-panel');
    const friendly = panel.shadowRoot.querySelector('.friendly-message').textContent;
    panel.shadowRoot.querySelector('.details-toggle').click();
    await Promise.resolve();
    return [friendly, ...[...panel.shadowRoot.querySelectorAll('.details li')].map((li) => li.textContent)];
}
