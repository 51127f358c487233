/** Which computed snapshots the org does not hold yet, or holds with other values. */
import type { Snapshot } from './snapshot.js';

export type SnapshotDiff = { changed: Snapshot[]; unchanged: number };

export function diffSnapshots(
  computed: readonly Snapshot[],
  existingHashByKey: ReadonlyMap<string, string | null>,
): SnapshotDiff {
  const changed = computed.filter((snapshot) => existingHashByKey.get(snapshot.key) !== snapshot.hash);
  return { changed, unchanged: computed.length - changed.length };
}
