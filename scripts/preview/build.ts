/**
 * Compiles the record page's Lightning Web Components for a plain browser: the real components from
 * force-app, the real `lightning-*` base components from `lightning-base-components`, and the small
 * shims in `shims/` standing in for the Lightning Data Service modules the npm package does not ship.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { rollup, type OutputChunk, type Plugin } from 'rollup';
import lwc from '@lwc/rollup-plugin';
import replaceModule from '@rollup/plugin-replace';
import { salesforceScopedModules } from './salesforceModules.js';

// The package's types describe its CommonJS build; its ES build, loaded here, exports the plugin as default.
const replace = replaceModule as unknown as typeof replaceModule.default;

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '..', '..');
export const defaultLwcDir = path.join(repoRoot, 'force-app', 'main', 'default', 'lwc');
const shimDir = path.join(here, 'shims');
// A virtual module, but at a path inside the repository: LWC resolves imports from the importer's folder.
const entryId = path.join(here, 'virtual-entry.js');

/** Modules of `lightning/*` that Salesforce serves from the platform; the preview supplies them. */
const platformShims: Record<string, string> = {
  'lightning/uiRecordApi': 'uiRecordApi.js',
  'lightning/uiRelatedListApi': 'uiRelatedListApi.js',
  'lightning/platformShowToastEvent': 'platformShowToastEvent.js',
  'lightning/uiGraphQLApi': 'uiGraphQLApi.js',
  'lightning/navigation': 'navigation.js',
};

export type PreviewBuildOptions = {
  /** Folder holding one sub-folder per component (`force-app/main/default/lwc` by default). */
  lwcDir?: string;
  /** `development` keeps LWC's runtime checks and warnings; `production` is what users get. */
  mode?: 'development' | 'production';
};

export type ComponentSize = { name: string; bytes: number; gzipBytes: number };

export type PreviewBundle = {
  /** ES module that registers every component on `window.preview` (see `entrySource`). */
  code: string;
  /** Exposed components (js-meta.xml `isExposed` true), in folder order. */
  components: string[];
  /** Size of each component's own compiled code (its js, html and css) inside the bundle. */
  sizes: ComponentSize[];
};

/** Components in `lwcDir`, each with whether its js-meta.xml exposes it to pages. */
export function listComponents(lwcDir: string = defaultLwcDir): Array<{ name: string; exposed: boolean }> {
  if (!fs.existsSync(lwcDir)) return [];
  return fs
    .readdirSync(lwcDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(lwcDir, entry.name, `${entry.name}.js`)))
    .map((entry) => {
      const meta = path.join(lwcDir, entry.name, `${entry.name}.js-meta.xml`);
      const exposed = fs.existsSync(meta) && /<isExposed>\s*true\s*<\/isExposed>/.test(fs.readFileSync(meta, 'utf8'));
      return { name: entry.name, exposed };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

function entrySource(components: string[]): string {
  const orgApi = JSON.stringify(path.join(shimDir, 'orgApi.js'));
  const imports = components.map((name, i) => `import C${i} from 'c/${name}';`).join('\n');
  const table = components.map((name, i) => `    ${JSON.stringify(name)}: C${i},`).join('\n');
  // Synthetic shadow must patch the DOM before the first component is created.
  return `import '@lwc/synthetic-shadow';
import { createElement } from 'lwc';
import { pendingRequests, refreshAll, whenIdle } from ${orgApi};
${imports}
window.preview = {
  createElement,
  whenIdle,
  pendingRequests,
  refresh: refreshAll,
  components: {
${table}
  },
};
`;
}

function entryPlugin(source: string): Plugin {
  return {
    name: 'preview-entry',
    resolveId: (id) => (id === entryId ? id : null),
    load: (id) => (id === entryId ? source : null),
  };
}

/** One module per real file, so a symlinked node_modules cannot load a second copy of the engine. */
function canonicalPaths(): Plugin {
  return {
    name: 'canonical-paths',
    async resolveId(source, importer, options) {
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      if (!resolved || resolved.external || !path.isAbsolute(resolved.id)) return resolved;
      const [file, query] = resolved.id.split('?', 2);
      const real = fs.existsSync(file) ? fs.realpathSync(file) : file;
      return { ...resolved, id: query === undefined ? real : `${real}?${query}` };
    },
  };
}

async function bundle(lwcDir: string, components: string[], mode: 'development' | 'production'): Promise<OutputChunk> {
  const componentModules = listComponents(lwcDir).map(({ name }) => ({
    name: `c/${name}`,
    path: path.join(lwcDir, name, `${name}.js`),
  }));
  const shimModules = Object.entries(platformShims).map(([name, file]) => ({ name, path: path.join(shimDir, file) }));
  const build = await rollup({
    input: entryId,
    plugins: [
      canonicalPaths(),
      entryPlugin(entrySource(components)),
      salesforceScopedModules(repoRoot),
      replace({
        preventAssignment: true,
        values: { 'import.meta.env.SSR': 'false', 'process.env.NODE_ENV': JSON.stringify(mode) },
      }),
      lwc({
        // Explicit, so the build does not depend on where it is started from.
        rootDir: repoRoot,
        modules: [...shimModules, ...componentModules, { npm: 'lightning-base-components' }],
      }),
    ],
    onwarn(warning, warn) {
      // Base components use `this` at module level and circular imports on purpose.
      if (warning.code === 'THIS_IS_UNDEFINED' || warning.code === 'CIRCULAR_DEPENDENCY') return;
      if (warning.loc?.file?.includes(`${path.sep}lightning-base-components${path.sep}`)) return;
      // An unresolved import would only fail later, in the browser.
      if (warning.code === 'UNRESOLVED_IMPORT') {
        throw new Error(`${warning.message}: add a stand-in to scripts/preview/salesforceModules.ts or shims/`);
      }
      warn(warning);
    },
  });
  try {
    const { output } = await build.generate({ format: 'es', inlineDynamicImports: true });
    return output[0];
  } finally {
    await build.close();
  }
}

function sizesOf(chunk: OutputChunk, lwcDir: string, components: string[]): ComponentSize[] {
  return components.map((name) => {
    const folder = path.join(lwcDir, name) + path.sep;
    const code = Object.entries(chunk.modules)
      .filter(([id]) => id.startsWith(folder))
      .map(([, module]) => module.code ?? '')
      .join('\n');
    return { name, bytes: Buffer.byteLength(code), gzipBytes: zlib.gzipSync(code).length };
  });
}

export async function buildPreview(options: PreviewBuildOptions = {}): Promise<PreviewBundle> {
  const lwcDir = path.resolve(options.lwcDir ?? defaultLwcDir);
  const components = listComponents(lwcDir)
    .filter((component) => component.exposed)
    .map((component) => component.name);
  const chunk = await bundle(lwcDir, components, options.mode ?? 'production');
  return { code: chunk.code, components, sizes: sizesOf(chunk, lwcDir, components) };
}
