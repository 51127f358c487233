#!/usr/bin/env node
// Runs the TypeScript sources: tsx compiles them on the fly and oclif reads commands from src/, not lib/.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register();
// The sf root logger first, as bin/run.js does.
const { installRootLogger } = await import('../src/core/cli/rootLogger.ts');
installRootLogger();
const { execute, settings } = await import('@oclif/core');
settings.enableAutoTranspile = false;
const root = fileURLToPath(new URL('..', import.meta.url));
const pjson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
pjson.oclif.commands = './src/commands';
pjson.oclif.hooks = { init: './src/hooks/init/readVisitsEarly.ts' };
await execute({ development: true, dir: import.meta.url, loadOptions: { root, pjson } });
