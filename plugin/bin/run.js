#!/usr/bin/env node
// eslint-disable-next-line node/shebang
// The log file is written by a worker thread that takes a while to start, and the process cannot
// exit before it has: start it first, so that it starts while the command loads rather than after
// the command is done.
const { Logger } = await import('@salesforce/core');
Logger.getRoot();
const { execute } = await import('@oclif/core');

await execute({ dir: import.meta.url });
