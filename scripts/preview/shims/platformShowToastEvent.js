/** `lightning/platformShowToastEvent`: the event Lightning Experience turns into a toast; the preview page does the same. */
export class ShowToastEvent extends CustomEvent {
  constructor(toast) {
    super('lightning__showtoast', { bubbles: true, composed: true, cancelable: true, detail: toast });
  }
}
