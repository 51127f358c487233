/**
 * Runs in the preview's record page: creates each component of the page in its slot with the record id
 * and its design attributes, as Lightning Experience does, and shows toasts the components fire.
 */
import '/preview.js';

const { createElement, components } = window.preview;
// App and Home pages have no record.
const recordId = document.querySelector('[data-record-id]')?.dataset.recordId;

function tagOf(name) {
  return `c-${name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

for (const slot of document.querySelectorAll('[data-component]')) {
  const name = slot.dataset.component;
  const constructor = components[name];
  if (!constructor) {
    slot.textContent = `${name} is on the page but not built (is it exposed in its js-meta.xml?)`;
    continue;
  }
  const element = createElement(tagOf(name), { is: constructor });
  Object.assign(element, JSON.parse(slot.dataset.properties || '{}'));
  if (recordId) {
    element.recordId = recordId;
    element.objectApiName = 'Account';
  }
  slot.replaceWith(element);
}

const toastIcons = { success: 'success', error: 'error', warning: 'warning', info: 'info' };
const toasts = document.querySelector('[data-toasts]');

function showToast({ title = '', message = '', variant = 'info' }) {
  const kind = toastIcons[variant] ?? 'info';
  const toast = document.createElement('div');
  toast.className = `slds-notify slds-notify_toast slds-theme_${kind}`;
  toast.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  const body = document.createElement('div');
  body.className = 'slds-notify__content';
  const heading = document.createElement('h2');
  heading.className = 'slds-text-heading_small';
  heading.textContent = title;
  const text = document.createElement('p');
  text.textContent = message;
  body.append(heading, text);
  const close = document.createElement('button');
  close.className = 'slds-button slds-button_icon slds-notify__close slds-button_icon-inverse';
  close.textContent = '×';
  close.setAttribute('aria-label', 'Close');
  close.addEventListener('click', () => toast.remove());
  toast.append(body, close);
  toasts.append(toast);
  setTimeout(() => toast.remove(), kind === 'error' ? 10000 : 4000);
}

document.addEventListener('lightning__showtoast', (event) => showToast(event.detail ?? {}));
// As Lightning Experience's refresh: every component reads the org again.
document.querySelector('[data-refresh]')?.addEventListener('click', () => window.preview.refresh());
