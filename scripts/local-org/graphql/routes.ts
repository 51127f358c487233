import type { OrgState } from '../org.js';
import { json, jsonObject, Router } from '../http.js';
import { executeGraphql } from './execute.js';

/** `POST /services/data/vNN.0/graphql`: the UI API GraphQL endpoint the `lightning/uiGraphQLApi` wire adapter calls. */
export function graphqlRoutes(router: Router, org: OrgState): void {
  router.add('POST', '{api}/graphql', (req, [version]) =>
    json(200, executeGraphql(org.queryContext(version), jsonObject(req))),
  );
}
