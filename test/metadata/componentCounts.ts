import { ComponentSet } from '@salesforce/source-deploy-retrieve';

/** Source components under `dir` per metadata type, children (fields, list views, ...) included. */
export function componentCounts(dir: string): Record<string, number> {
  const counts: Record<string, number> = {};
  const add = (type: string): void => {
    counts[type] = (counts[type] ?? 0) + 1;
  };
  for (const component of ComponentSet.fromSource(dir).getSourceComponents()) {
    add(component.type.name);
    for (const child of component.getChildren()) add(child.type.name);
  }
  return counts;
}
