/**
 * Starts reading the visits feed of `healthplan sync` while the CLI loads the command
 * (core/sync/earlyVisitsRead.ts). Every command of the CLI runs this hook, so it loads nothing for
 * the others.
 */
import type { Hook } from '@oclif/core';

const SYNC_COMMAND = 'healthplan:sync';

/** The value of --visits (`--visits FILE`, `--visits=FILE`, `-v FILE`), before any `--`. */
export function visitsFlag(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length && argv[i] !== '--'; i++) {
    if (argv[i] === '--visits' || argv[i] === '-v') return argv[i + 1];
    if (argv[i].startsWith('--visits=')) return argv[i].slice('--visits='.length);
  }
  return undefined;
}

const hook: Hook<'init'> = async function ({ id, argv }) {
  const file = id === SYNC_COMMAND ? visitsFlag(argv) : undefined;
  if (!file) return;
  const { readVisitsEarly } = await import('../../core/sync/earlyVisitsRead.js');
  readVisitsEarly(file);
};

export default hook;
