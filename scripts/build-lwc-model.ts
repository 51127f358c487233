/**
 * Bundles the pure renewal-risk model (`plugin/src/core/risk/model`) into the LWC module
 * `c/healthPlanModel`, so the record page computes fees, ROI and scores with the plugin's own code.
 * Run `npm run build:lwc-model` after changing the model; a test fails while the two differ.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { format, resolveConfig } from 'prettier';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const modelDir = 'plugin/src/core/risk/model';
const bundleDir = path.join(repoRoot, 'force-app', 'main', 'default', 'lwc', 'healthPlanModel');

export const LWC_MODEL_FILE = path.join(bundleDir, 'healthPlanModel.js');
const LWC_MODEL_META_FILE = path.join(bundleDir, 'healthPlanModel.js-meta.xml');

const HEADER = `// Generated from ${modelDir} by \`npm run build:lwc-model\`. Do not edit: change the model and rebuild.`;

const META = `<?xml version="1.0" encoding="UTF-8"?>
<LightningComponentBundle xmlns="http://soap.sforce.com/2006/04/metadata">
    <apiVersion>62.0</apiVersion>
    <isExposed>false</isExposed>
</LightningComponentBundle>
`;

/** The generated module's source, formatted with the repository's prettier settings for LWC files. */
export async function buildLwcModel(): Promise<string> {
  const result = await build({
    absWorkingDir: repoRoot,
    entryPoints: [path.join(modelDir, 'index.ts')],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    target: 'es2020',
    banner: { js: HEADER },
    logLevel: 'silent',
  });
  const options = await resolveConfig(LWC_MODEL_FILE);
  return format(result.outputFiles[0].text, { ...options, filepath: LWC_MODEL_FILE });
}

async function main(): Promise<void> {
  const source = await buildLwcModel();
  await mkdir(bundleDir, { recursive: true });
  await writeFile(LWC_MODEL_FILE, source);
  await writeFile(LWC_MODEL_META_FILE, META);
  process.stdout.write(`${path.relative(repoRoot, LWC_MODEL_FILE)}: ${source.length} characters\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await main();
