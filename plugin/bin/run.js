#!/usr/bin/env node
// eslint-disable-next-line node/shebang
// The sf root logger comes first, so that nothing creates @salesforce/core's default one: that one
// starts a worker thread for the log file, which the process then waits for at exit.
const { installRootLogger } = await import('../lib/core/cli/rootLogger.js');
installRootLogger();
const { execute } = await import('@oclif/core');

await execute({ dir: import.meta.url });
