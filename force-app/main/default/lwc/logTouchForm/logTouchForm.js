import { LightningElement, api } from 'lwc';
import { createRecord, updateRecord } from 'lightning/uiRecordApi';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import { reduceErrors } from 'c/ldsUtils';
import { CHANNELS, NOTE_MAX_LENGTH, SENTIMENTS, stakeholderChanges, touchTaskFields } from 'c/touchLog';

function localToday() {
    const now = new Date();
    const pad = (n) => String(n).padStart(2, '0');
    return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/**
 * Logs a touch with one stakeholder: a completed Task on the contact and the Account, then the
 * stakeholder's last engagement date and, when the rep gives a new one, sentiment.
 */
export default class LogTouchForm extends LightningElement {
    /** `{ id, name, contactId, lastEngagement, sentiment }` */
    @api stakeholder;
    @api accountId;
    /** The rep's today (YYYY-MM-DD); default the browser's local date. */
    @api today;

    date;
    channel = 'Meeting';
    note = '';
    newSentiment = '';
    isSaving = false;
    saveError;
    focused = false;

    connectedCallback() {
        this.date = this.maxDate;
    }

    renderedCallback() {
        if (!this.focused) {
            this.focused = true;
            this.template.querySelector('lightning-input')?.focus();
        }
    }

    get maxDate() {
        return this.today ?? localToday();
    }

    get heading() {
        return `Log a touch with ${this.stakeholder?.name ?? ''}`;
    }

    get channelOptions() {
        return CHANNELS.map(({ value, label }) => ({ value, label }));
    }

    get sentimentOptions() {
        const current = this.stakeholder?.sentiment;
        return [
            { value: '', label: current ? `No change (${current})` : 'No change' },
            ...SENTIMENTS.map((value) => ({ value, label: value }))
        ];
    }

    get noteMaxLength() {
        return NOTE_MAX_LENGTH;
    }

    get saveErrorMessage() {
        return reduceErrors(this.saveError).join(' ');
    }

    handleChange(event) {
        this[event.target.dataset.field] = event.detail.value ?? event.target.value;
    }

    handleKeydown(event) {
        if (event.key === 'Escape') {
            this.cancel();
        }
    }

    cancel() {
        this.dispatchEvent(new CustomEvent('close'));
    }

    async save() {
        const inputs = [...this.template.querySelectorAll('lightning-input, lightning-combobox, lightning-textarea')];
        // Every input shows its own message; base components answer false when invalid.
        const valid = inputs.reduce((ok, input) => input.reportValidity() !== false && ok, true);
        if (!valid || !this.date || !this.channel) {
            return;
        }
        this.isSaving = true;
        this.saveError = undefined;
        try {
            await createRecord({
                apiName: 'Task',
                fields: touchTaskFields({
                    date: this.date,
                    channel: this.channel,
                    note: this.note.trim(),
                    contactId: this.stakeholder.contactId,
                    accountId: this.accountId,
                    contactName: this.stakeholder.name
                })
            });
            const changes = stakeholderChanges(this.stakeholder, { date: this.date, newSentiment: this.newSentiment });
            if (Object.keys(changes).length > 0) {
                await updateRecord({ fields: { Id: this.stakeholder.id, ...changes } });
            }
            this.dispatchEvent(
                new ShowToastEvent({
                    title: 'Touch logged',
                    message: `${touchTaskFields({ date: this.date, channel: this.channel, contactName: this.stakeholder.name }).Subject} on ${this.date}.`,
                    variant: 'success'
                })
            );
            this.dispatchEvent(new CustomEvent('logged', { detail: { stakeholderId: this.stakeholder.id } }));
        } catch (error) {
            this.saveError = error;
        } finally {
            this.isSaving = false;
        }
    }
}
