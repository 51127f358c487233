import path from 'node:path';
import { ComponentSet, MetadataConverter } from '@salesforce/source-deploy-retrieve';
import type { OrgState } from '../org.js';
import { readZip } from './package.js';
import type { DeployOptions } from './deploy.js';

const packages = new Map<string, Promise<Map<string, string>>>();

/**
 * A source folder converted to the metadata-format package `sf project deploy start` sends (the same
 * library does the conversion), read once per process.
 */
export function sourcePackage(sourceDir: string): Promise<Map<string, string>> {
  const dir = path.resolve(sourceDir);
  let files = packages.get(dir);
  if (!files) {
    files = (async (): Promise<Map<string, string>> => {
      const converted = await new MetadataConverter().convert(ComponentSet.fromSource(dir), 'metadata', {
        type: 'zip',
      });
      return readZip(converted.zipBuffer!);
    })();
    packages.set(dir, files);
  }
  return files;
}

const PRELOAD_OPTIONS: DeployOptions = {
  checkOnly: false,
  ignoreWarnings: false,
  rollbackOnError: true,
  testLevel: 'NoTestRun',
  runTests: [],
  singlePackage: true,
};

/** Deploys a source folder through the org's deploy path, as `sf project deploy start` would; throws on failure. */
export async function preloadSource(org: OrgState, sourceDir: string): Promise<void> {
  preloadFiles(org, await sourcePackage(sourceDir), sourceDir);
}

/** Deploys a package read by `sourcePackage`; throws with every problem when the deploy fails. */
export function preloadFiles(org: OrgState, files: Map<string, string>, sourceDir: string): void {
  const job = org.deployer.deployFiles(files, PRELOAD_OPTIONS);
  if (job.status !== 'Succeeded') {
    const problems = job.failures.map((f) => `${f.fileName} (${f.fullName}): ${String(f.problem)}`);
    throw new Error(
      `The deploy of ${sourceDir} failed${job.errorMessage ? `: ${job.errorMessage}` : ''}\n${problems.join('\n')}`,
    );
  }
}
