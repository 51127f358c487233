/**
 * The preview's stand-in for Lightning Data Service: REST calls to the org through the preview server
 * (same origin, the server adds the token), a response cache like LDS's, record type lookup by id, and
 * a registry of live wire adapters so that every write refreshes what the page shows.
 */
const apiBase = '/services/data/v62.0';
const responses = new Map();
const liveAdapters = new Set();
const recordTypes = new Map();
let keyPrefixes;
let pending = 0;
let idleWaiters = [];

/** Rejection value shaped like LDS's FetchResponse so that components' error reducers read it. */
export function fetchError(status, statusText, body) {
  return { ok: false, status, statusText, body };
}

async function send(method, path, body) {
  pending += 1;
  try {
    const response = await fetch(apiBase + path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const json = text ? JSON.parse(text) : undefined;
    if (!response.ok) {
      throw fetchError(response.status, response.statusText, json);
    }
    return json;
  } finally {
    pending -= 1;
    if (pending === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      waiters.forEach((resolve) => resolve());
    }
  }
}

/** The answer of `load` kept under `key` until the next write, as LDS keeps records in its cache. */
export function remember(key, load) {
  if (!responses.has(key)) {
    const answer = load();
    answer.catch(() => responses.delete(key));
    responses.set(key, answer);
  }
  return responses.get(key);
}

export function get(path) {
  return remember(path, () => send('GET', path));
}

export async function write(method, path, body) {
  try {
    return await send(method, path, body);
  } finally {
    refreshAll();
  }
}

/** A read sent as POST (GraphQL), kept like a GET until the next write. */
export function post(path, body) {
  return remember(`POST ${path} ${JSON.stringify(body)}`, () => send('POST', path, body));
}

export function query(soql) {
  return get(`/query?q=${encodeURIComponent(soql)}`);
}

export async function queryAll(soql) {
  let page = await query(soql);
  const records = [...page.records];
  while (page.nextRecordsUrl) {
    page = await get(page.nextRecordsUrl.replace(/^\/services\/data\/v[\d.]+/, ''));
    records.push(...page.records);
  }
  return records;
}

export function describe(objectApiName) {
  return get(`/sobjects/${objectApiName}/describe`);
}

export function rememberType(id, objectApiName) {
  if (id) {
    recordTypes.set(id.slice(0, 15), objectApiName);
  }
}

/** The object of a record id: from records already read, else from the org's key prefixes. */
export async function objectTypeOf(id) {
  const known = recordTypes.get(id.slice(0, 15));
  if (known) {
    return known;
  }
  keyPrefixes ??= get('/sobjects').then(
    (global) => new Map(global.sobjects.filter((o) => o.keyPrefix).map((o) => [o.keyPrefix, o.name])),
    (error) => {
      keyPrefixes = undefined;
      throw error;
    },
  );
  const type = (await keyPrefixes).get(id.slice(0, 3));
  if (!type) {
    throw fetchError(404, 'Not Found', [{ errorCode: 'NOT_FOUND', message: `No object has records like ${id}` }]);
  }
  return type;
}

export function pendingRequests() {
  return pending;
}

/** Resolves once no request is in flight (tests and the benchmark use it to know the page settled). */
export function whenIdle() {
  return pending === 0 ? Promise.resolve() : new Promise((resolve) => idleWaiters.push(resolve));
}

export function refreshAll() {
  responses.clear();
  liveAdapters.forEach((adapter) => adapter.refresh());
}

function deepFreeze(value) {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

/**
 * LWC wire protocol: the engine constructs the adapter with a data callback, then calls `update` with
 * the resolved config and `connect`/`disconnect` with the component. Subclasses implement
 * `isComplete(config)` and `load(config)`. Data is frozen, as LDS's is.
 */
export class OrgWireAdapter {
  constructor(dataCallback) {
    this.dataCallback = dataCallback;
    this.connected = false;
    this.config = undefined;
    this.generation = 0;
  }

  connect() {
    this.connected = true;
    liveAdapters.add(this);
    this.refresh();
  }

  disconnect() {
    this.connected = false;
    liveAdapters.delete(this);
  }

  update(config) {
    this.config = config;
    this.refresh();
  }

  refresh() {
    if (!this.connected || !this.config || !this.isComplete(this.config)) {
      return;
    }
    const generation = ++this.generation;
    const current = () => this.connected && generation === this.generation;
    this.load(this.config).then(
      (data) => current() && this.dataCallback({ data: deepFreeze(data), error: undefined }),
      (error) => current() && this.dataCallback({ data: undefined, error: deepFreeze(error) }),
    );
  }
}
