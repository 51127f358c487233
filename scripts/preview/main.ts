/**
 * Serves the record-page preview against an org until interrupted.
 *   tsx scripts/preview/main.ts --target-org ALIAS [--port N]
 *   tsx scripts/preview/main.ts --instance-url URL [--port N]   (token from SF_ACCESS_TOKEN)
 */
import { parseArgs } from 'node:util';
import { Org } from '@salesforce/core';
import { startPreview } from './server.js';

const usage =
  'Usage: tsx scripts/preview/main.ts --target-org ALIAS [--port N]\n' +
  '   or: SF_ACCESS_TOKEN=... tsx scripts/preview/main.ts --instance-url URL [--port N]';

async function orgCredentials(values: {
  'target-org'?: string;
  'instance-url'?: string;
}): Promise<{ instanceUrl: string; accessToken: string }> {
  if (values['target-org']) {
    const org = await Org.create({ aliasOrUsername: values['target-org'] });
    const connection = org.getConnection();
    await connection.refreshAuth();
    return { instanceUrl: connection.instanceUrl, accessToken: connection.accessToken ?? '' };
  }
  const accessToken = process.env.SF_ACCESS_TOKEN;
  if (values['instance-url'] && accessToken) return { instanceUrl: values['instance-url'], accessToken };
  throw new Error(`Name an org: --target-org, or --instance-url with SF_ACCESS_TOKEN set.\n${usage}`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'target-org': { type: 'string', short: 'o' },
      'instance-url': { type: 'string' },
      port: { type: 'string', default: '0' },
    },
  });
  const credentials = await orgCredentials(values);
  process.stderr.write('Compiling the components...\n');
  const preview = await startPreview({ ...credentials, port: Number(values.port) });
  process.stdout.write(
    `Preview of the Account record page: ${preview.url}\n` +
      `Book of business (App Page): ${preview.url}/portfolio\nHome page: ${preview.url}/home\n`,
  );
  const stop = (): void => {
    preview.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
