import { LightningElement, api } from 'lwc';
import { reduceErrors } from 'c/ldsUtils';

/** One place to show what went wrong: a friendly summary, the platform's messages one click away. */
export default class ErrorPanel extends LightningElement {
    @api friendlyMessage = 'Something went wrong while loading this data.';
    @api errors;

    showDetails = false;

    get messages() {
        // Two wires failing for one reason (e.g. no access to the object) say it once.
        return [...new Set(reduceErrors(this.errors))].map((text, index) => ({ key: `${index}`, text }));
    }

    get hasDetails() {
        return this.messages.length > 0;
    }

    get detailsLabel() {
        return this.showDetails ? 'Hide details' : 'Show details';
    }

    toggleDetails() {
        this.showDetails = !this.showDetails;
    }
}
