import os from 'node:os';

export type Registration = { alias: string; home?: string; instanceUrl: string; accessToken: string };

let queue: Promise<unknown> = Promise.resolve();

/**
 * Registers the org in the sf auth store of `home` exactly as `sf org login access-token` does,
 * by running the same @salesforce/core calls against the running server. @salesforce/core reads
 * the home directory from HOME, so HOME points at `home` while it runs; registrations are serialized.
 */
export function registerOrg(registration: Registration): Promise<void> {
  const run = queue.then(() => register(registration));
  queue = run.catch(() => undefined);
  return run;
}

async function register({ alias, home, instanceUrl, accessToken }: Registration): Promise<void> {
  const previousHome = process.env.HOME;
  const target = home ?? os.homedir();
  process.env.HOME = target;
  try {
    const { AuthInfo, StateAggregator } = await import('@salesforce/core');
    StateAggregator.clearInstance();
    const authInfo = await AuthInfo.create({ accessTokenOptions: { accessToken, instanceUrl, loginUrl: instanceUrl } });
    await authInfo.save();
    await authInfo.handleAliasAndDefaultSettings({ alias, setDefault: false, setDefaultDevHub: false });
    StateAggregator.clearInstance();
  } finally {
    if (previousHome === undefined) delete process.env.HOME;
    else process.env.HOME = previousHome;
  }
}
