/** The document's font (Inter, SIL Open Font License, from @fontsource/inter) as inline `@font-face` rules. */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const WEIGHTS = [400, 600, 700];

let cached: Promise<string> | undefined;

export function inlineFontCss(): Promise<string> {
  cached ??= Promise.all(
    WEIGHTS.map(async (weight) => {
      const file = require.resolve(`@fontsource/inter/files/inter-latin-${weight}-normal.woff2`);
      const data = (await readFile(file)).toString('base64');
      return `@font-face { font-family: Inter; font-style: normal; font-weight: ${weight}; src: url(data:font/woff2;base64,${data}) format('woff2'); }`;
    }),
  ).then((rules) => rules.join(''));
  return cached;
}
