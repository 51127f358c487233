// Writes oclif.manifest.json after a build, so that starting a command loads that command's module
// only, not every command of the plugin to find out what they are. Entries leave out where the
// compiled module is: oclif then loads the command from the commands directory it is run with
// (src/ under bin/dev.js, lib/ otherwise), so a manifest left from a build never runs old code.
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Plugin } from '@oclif/core';

const root = fileURLToPath(new URL('..', import.meta.url));
const plugin = new Plugin({ root, type: 'core', ignoreManifest: true, errorOnManifestCreate: true, isRoot: true });
await plugin.load();
const manifest = plugin.manifest;
for (const command of Object.values(manifest.commands)) {
  delete command.isESM;
  delete command.relativePath;
}
await writeFile(new URL('../oclif.manifest.json', import.meta.url), JSON.stringify(manifest, null, 2) + '\n');
