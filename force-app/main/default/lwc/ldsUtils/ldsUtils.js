/**
 * Turns the errors Lightning Data Service, fetch and JavaScript produce into a flat list of messages.
 * UI API errors carry their text in `body`, either as an array of `{ message }`, as `{ message }`, or as
 * record-level `output.errors` and per-field `output.fieldErrors`.
 */
export function reduceErrors(errors) {
    const list = Array.isArray(errors) ? errors : [errors];
    return list
        .filter((error) => error !== undefined && error !== null)
        .flatMap(messagesOf)
        .filter((message) => typeof message === 'string' && message.length > 0);
}

function messagesOf(error) {
    if (typeof error === 'string') {
        return [error];
    }
    const body = error.body;
    if (Array.isArray(body)) {
        return body.map((entry) => entry.message);
    }
    if (body && typeof body === 'object') {
        const output = body.output;
        const fromOutput = output
            ? [
                  ...(output.errors ?? []).map((entry) => entry.message),
                  ...Object.values(output.fieldErrors ?? {})
                      .flat()
                      .map((entry) => entry.message)
              ]
            : [];
        if (fromOutput.length > 0) {
            return fromOutput;
        }
        if (typeof body.message === 'string') {
            return [body.message];
        }
    }
    if (typeof error.message === 'string') {
        return [error.message];
    }
    return error.statusText ? [error.statusText] : [];
}

/**
 * Reads a field from a UI API record representation, following relationship paths such as
 * `Owner__r.Name`. Accepts a schema reference or a field path relative to the record.
 */
export function fieldValue(record, field) {
    const path = fieldPath(field);
    let current = record;
    for (const segment of path.split('.')) {
        const cell = current?.fields?.[segment];
        if (cell === undefined) {
            return undefined;
        }
        current = cell.value;
    }
    return current;
}

function fieldPath(field) {
    if (typeof field === 'object' && field !== null) {
        return field.fieldApiName;
    }
    return field;
}

/** A numeric field as a number, or null when the record holds no value. */
export function numberFieldValue(record, field) {
    const value = fieldValue(record, field);
    return value === null || value === undefined ? null : Number(value);
}

/** The records of a related-list wire answer mapped with `fromRecord`, or undefined until data arrives. */
export function mapRecords(data, fromRecord) {
    return data ? data.records.map(fromRecord) : undefined;
}

/** The errors several wires reported, for `c-error-panel`; empty while none failed. */
export function wireErrors(...errors) {
    return errors.filter(Boolean);
}

/** Whether a card still waits: no wire failed and some wired value has not arrived. */
export function isWireLoading(errors, ...values) {
    return errors.length === 0 && values.some((value) => !value);
}
