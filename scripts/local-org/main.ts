import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startLocalOrg } from './server.js';

function numberOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new Error(`--${name} needs a number, got '${value}'`);
  return n;
}

/** `--connected-app CONSUMER_KEY=CERTIFICATE_FILE`: a connected app for JWT login and its X.509 certificate (PEM). */
function connectedApp(value: string): { consumerKey: string; certificate: string } {
  const [consumerKey, file] = value.split('=');
  if (!consumerKey || !file) throw new Error(`--connected-app needs CONSUMER_KEY=CERTIFICATE_FILE, got '${value}'`);
  return { consumerKey, certificate: readFileSync(file, 'utf8') };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      alias: { type: 'string' },
      db: { type: 'string' },
      'fail-rate': { type: 'string' },
      'drop-rate': { type: 'string' },
      'latency-ms': { type: 'string' },
      seed: { type: 'string' },
      preload: { type: 'string' },
      history: { type: 'string', multiple: true },
      'connected-app': { type: 'string', multiple: true },
      'api-limit': { type: 'string' },
    },
    strict: true,
  });
  const org = await startLocalOrg({
    port: numberOption('port', values.port),
    alias: values.alias,
    dbFile: values.db,
    failRate: numberOption('fail-rate', values['fail-rate']),
    dropRate: numberOption('drop-rate', values['drop-rate']),
    latencyMs: numberOption('latency-ms', values['latency-ms']),
    seed: numberOption('seed', values.seed),
    preload: values.preload,
    historyTracking: values.history,
    connectedApps: (values['connected-app'] ?? []).map(connectedApp),
    dailyApiRequests: numberOption('api-limit', values['api-limit']),
  });
  process.stdout.write(
    JSON.stringify({
      instanceUrl: org.instanceUrl,
      accessToken: org.accessToken,
      username: org.username,
      orgId: org.orgId,
    }) + '\n',
  );
  const shutdown = (): void => {
    org.stop().then(
      () => process.exit(0),
      () => process.exit(0),
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`local-org: ${(error as Error).message}\n`);
  process.exit(1);
});
