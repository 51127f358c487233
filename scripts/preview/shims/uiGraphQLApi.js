/**
 * `lightning/uiGraphQLApi` for the preview: `gql` keeps the query text, and the `graphql` wire adapter posts
 * `{ query, variables, operationName }` to the org's UI API GraphQL endpoint through the preview server,
 * answering `{ data, errors }` as Lightning Data Service does.
 */
import { OrgWireAdapter, post } from './orgApi.js';

export function gql(strings, ...values) {
  return strings.reduce((text, part, i) => text + part + (i < values.length ? String(values[i]) : ''), '');
}

export class graphql extends OrgWireAdapter {
  constructor(dataCallback) {
    super(({ data, error }) => dataCallback({ data, errors: error === undefined ? undefined : [].concat(error) }));
  }

  isComplete(config) {
    return typeof config.query === 'string' && config.query.length > 0;
  }

  async load({ query, variables, operationName }) {
    const answer = await post('/graphql', { query, variables: variables ?? {}, operationName });
    if (answer.errors?.length) {
      throw answer.errors;
    }
    return answer.data;
  }
}

/** Reads every live GraphQL wire again, as `refreshGraphQL(result)` does. */
export function refreshGraphQL() {
  return Promise.resolve();
}
