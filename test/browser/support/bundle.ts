/** One development build of the components per test run, shared by every suite that serves the preview. */
import { buildPreview, type PreviewBundle } from '../../../scripts/preview/build.js';

let bundle: Promise<PreviewBundle> | undefined;

export function sharedBundle(): Promise<PreviewBundle> {
  bundle ??= buildPreview({ mode: 'development' });
  return bundle;
}
