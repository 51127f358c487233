import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Connection } from 'jsforce';
import { LocalOrg, LocalOrgOptions, startLocalOrg } from '../../scripts/local-org/server.js';
import { connect } from '../../scripts/local-org/connect.js';
import { tempDir } from '../../plugin/test/tempDirs.js';

export { connect };

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export type TestOrg = LocalOrg & {
  /** A jsforce connection to the org (API 62.0). */
  conn: Connection;
  /** A scratch HOME holding the sf auth store when `alias` was given. */
  home: string;
  alias?: string;
  /** Environment for running `sf` or the plugin against this org: HOME and the offline switches. */
  env: NodeJS.ProcessEnv;
};

/** The environment every `sf` call in tests needs: a scratch HOME and no telemetry, updates or version checks. */
export function sfEnv(home: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    HOME: home,
    SF_DISABLE_TELEMETRY: 'true',
    SF_DISABLE_AUTOUPDATE: 'true',
    SF_SKIP_NEW_VERSION_CHECK: 'true',
    SF_USE_PROGRESS_BAR: 'false',
  };
}

export const FORCE_APP = path.join(REPO_ROOT, 'force-app');

/** Options of a test org: `preload` is force-app unless given, or `false` for an org with standard objects only. */
export type TestOrgOptions = Omit<LocalOrgOptions, 'home' | 'preload'> & { preload?: string | false };

/**
 * A scratch copy of force-app changed by `edit` (given the copy's `main/default` folder), for deploying
 * broken or partial metadata. Removed at the end of the test, or of the run when made in a `before` hook.
 */
export function forceAppCopy(edit: (defaultDir: string) => void): string {
  const dir = path.join(tempDir('force-app-copy-'), 'force-app');
  cpSync(FORCE_APP, dir, { recursive: true, filter: (source) => !source.includes('__tests__') });
  edit(path.join(dir, 'main', 'default'));
  return dir;
}

/**
 * Starts an in-memory local org with a scratch HOME, with force-app deployed unless `preload` says otherwise;
 * with `alias` it is registered there for `sf --target-org`.
 */
export async function startTestOrg(options: TestOrgOptions = {}): Promise<TestOrg> {
  const home = mkdtempSync(path.join(os.tmpdir(), 'local-org-home-'));
  let org: LocalOrg;
  const preload = options.preload === undefined ? FORCE_APP : options.preload || undefined;
  try {
    org = await startLocalOrg({ ...options, preload, home });
  } catch (error) {
    rmSync(home, { recursive: true, force: true });
    throw error;
  }
  return {
    ...org,
    conn: connect(org),
    home,
    alias: options.alias,
    env: sfEnv(home),
    stop: async (): Promise<void> => {
      await org.stop();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/**
 * Mocha hooks: one org for the enclosing `describe`, started in `before` and stopped in `after`.
 * Read it through the returned getter inside tests.
 */
export function withLocalOrg(options: TestOrgOptions = {}): () => TestOrg {
  let org: TestOrg | undefined;
  before(async () => {
    org = await startTestOrg(options);
  });
  after(async () => {
    await org?.stop();
  });
  return () => {
    if (!org) throw new Error('The local org is not started: call withLocalOrg() inside describe()');
    return org;
  };
}

/** Runs the real `sf` CLI of the repository with the test org's environment; answers its parsed `--json` output. */
export function runSf(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ status: number; json: Record<string, unknown>; stderr: string }> {
  const bin = path.join(REPO_ROOT, 'node_modules', '.bin', 'sf');
  return new Promise((resolve) => {
    execFile(
      bin,
      [...args, '--json'],
      { env, cwd: REPO_ROOT, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const status = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        let json: Record<string, unknown> = {};
        try {
          json = JSON.parse(stdout) as Record<string, unknown>;
        } catch {
          json = { raw: stdout };
        }
        resolve({ status, json, stderr });
      },
    );
  });
}
