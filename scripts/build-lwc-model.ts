/**
 * Bundles the pure renewal-risk model (`plugin/src/core/risk/model`) into the LWC module
 * `c/healthPlanModel`, so the record page computes fees, ROI and scores with the plugin's own code,
 * and the QBR document builder and renderer (`plugin/src/core/qbr/document`) into `c/qbrDocument`,
 * which imports the model from `c/healthPlanModel` rather than carrying a second copy.
 * Run `npm run build:lwc-model` after changing either; a test fails while a bundle differs.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { format, resolveConfig } from 'prettier';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const lwcDir = path.join(repoRoot, 'force-app', 'main', 'default', 'lwc');

type Bundle = { sourceDir: string; component: string };
const MODEL: Bundle = { sourceDir: 'plugin/src/core/risk/model', component: 'healthPlanModel' };
const QBR: Bundle = { sourceDir: 'plugin/src/core/qbr/document', component: 'qbrDocument' };

const bundleFile = (bundle: Bundle): string => path.join(lwcDir, bundle.component, `${bundle.component}.js`);

export const LWC_MODEL_FILE = bundleFile(MODEL);
export const LWC_QBR_FILE = bundleFile(QBR);

/** The QBR bundle takes the model from its own LWC module. */
const modelFromLwc: Plugin = {
  name: 'model-from-lwc',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /risk\/model\/index\.js$/ }, () => ({ path: 'c/healthPlanModel', external: true }));
  },
};

const META = `<?xml version="1.0" encoding="UTF-8"?>
<LightningComponentBundle xmlns="http://soap.sforce.com/2006/04/metadata">
    <apiVersion>62.0</apiVersion>
    <isExposed>false</isExposed>
</LightningComponentBundle>
`;

/** A generated module's source, formatted with the repository's prettier settings for LWC files. */
async function buildBundle(bundle: Bundle, plugins: Plugin[] = []): Promise<string> {
  const result = await build({
    absWorkingDir: repoRoot,
    entryPoints: [path.join(bundle.sourceDir, 'index.ts')],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    target: 'es2020',
    banner: {
      js: `// Generated from ${bundle.sourceDir} by \`npm run build:lwc-model\`. Do not edit: change the source and rebuild.`,
    },
    plugins,
    logLevel: 'silent',
  });
  const file = bundleFile(bundle);
  const options = await resolveConfig(file);
  return format(result.outputFiles[0].text, { ...options, filepath: file });
}

export function buildLwcModel(): Promise<string> {
  return buildBundle(MODEL);
}

export function buildLwcQbr(): Promise<string> {
  return buildBundle(QBR, [modelFromLwc]);
}

async function main(): Promise<void> {
  for (const [bundle, source] of [
    [MODEL, await buildLwcModel()],
    [QBR, await buildLwcQbr()],
  ] as const) {
    const file = bundleFile(bundle);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, source);
    await writeFile(`${file}-meta.xml`, META);
    process.stdout.write(`${path.relative(repoRoot, file)}: ${source.length} characters\n`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await main();
