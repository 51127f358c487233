import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { expect } from 'chai';
import { appendToLogFile, logLines, rootLoggerMode } from '../../../src/core/cli/rootLogger.js';
import { tempDir } from '../../tempDirs.js';

const MODULE = fileURLToPath(new URL('../../../src/core/cli/rootLogger.ts', import.meta.url));
const CORE = pathToFileURL(createRequire(import.meta.url).resolve('@salesforce/core')).href;

/** Runs `body` in a fresh process with HOME at `home`, after installing the plugin's root logger or not. */
async function runLogging(home: string, install: boolean, body: string): Promise<void> {
  const script = [
    install ? `const { installRootLogger } = await import(${JSON.stringify(MODULE)}); installRootLogger();` : '',
    `const { Logger } = await import(${JSON.stringify(CORE)});`,
    body,
  ].join('\n');
  const file = join(home, 'log.mjs');
  await writeFile(file, script);
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home };
  for (const name of ['DEBUG', 'SF_LOG_LEVEL', 'SF_DISABLE_LOG_FILE', 'SFDX_DISABLE_LOG_FILE']) delete env[name];
  await new Promise<void>((resolve, reject) =>
    execFile(process.execPath, ['--import', 'tsx', file], { env }, (error, _out, stderr) =>
      error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(),
    ),
  );
}

/** The lines of the day's sf log file under `home`, without their time stamps. */
async function logFileLines(home: string): Promise<Array<Record<string, unknown>>> {
  const dir = join(home, '.sf');
  const files = (await readdir(dir)).filter((name) => name.endsWith('.log'));
  expect(files).to.have.length(1);
  const text = await readFile(join(dir, files[0]), 'utf8');
  return text
    .trimEnd()
    .split('\n')
    .map((line) => {
      const { time, ...rest } = JSON.parse(line) as Record<string, unknown>;
      expect(time).to.be.a('number');
      return rest;
    });
}

describe('root logger', () => {
  it('keeps records for the file at exit at warn and above, and leaves lower levels and DEBUG to @salesforce/core', () => {
    const cases: Array<[NodeJS.ProcessEnv, string]> = [
      [{}, 'file-at-exit'],
      [{ SF_LOG_LEVEL: 'warn' }, 'file-at-exit'],
      [{ SF_LOG_LEVEL: 'ERROR' }, 'file-at-exit'],
      [{ SF_LOG_LEVEL: '50' }, 'file-at-exit'],
      [{ SF_LOG_LEVEL: 'info' }, 'default'],
      [{ SF_LOG_LEVEL: 'debug' }, 'default'],
      [{ SF_LOG_LEVEL: '20' }, 'default'],
      [{ SF_LOG_LEVEL: '39' }, 'default'],
      [{ SF_LOG_LEVEL: '40' }, 'file-at-exit'],
      [{ SF_LOG_LEVEL: 'fatal' }, 'file-at-exit'],
      [{ SF_LOG_LEVEL: 'loud' }, 'default'],
      [{ DEBUG: 'sf:*' }, 'default'],
      [{ SF_DISABLE_LOG_FILE: 'true' }, 'default'],
      [{ SFDX_DISABLE_LOG_FILE: 'true' }, 'default'],
      [{ SF_DISABLE_LOG_FILE: 'false' }, 'file-at-exit'],
    ];
    for (const [env, mode] of cases) expect(rootLoggerMode(env), JSON.stringify(env)).to.equal(mode);
  });

  it('writes one JSON line per record', () => {
    expect(logLines([{ a: 1 }, { b: 'x' }])).to.equal('{"a":1}\n{"b":"x"}\n');
    expect(logLines([])).to.equal('');
  });

  it('appends to the log file, creating its folder, and creates nothing without records', async () => {
    const dir = tempDir('root-logger-append-');
    const file = join(dir, 'nested', '.sf', 'sf-2026-01-01.log');
    appendToLogFile([], file);
    expect(existsSync(join(dir, 'nested'))).to.equal(false);
    appendToLogFile([{ level: 40 }], file);
    appendToLogFile([{ level: 50 }], file);
    expect(await readFile(file, 'utf8')).to.equal('{"level":40}\n{"level":50}\n');
  });

  it('writes the log file lines @salesforce/core writes, and no file when nothing is logged', async () => {
    const body = [
      "const logger = Logger.childFromRoot('healthplan');",
      "logger.info('below the level');",
      "logger.warn('slow org', { calls: 3 });",
      "logger.error('write failed', { access_token: '00D000000000001!AQ0Abcdefghijklmnopqrstuvwxyz' });",
    ].join('\n');
    const ours = tempDir('root-logger-ours-');
    const core = tempDir('root-logger-core-');
    await runLogging(ours, true, body);
    await runLogging(core, false, body);
    const expected = await logFileLines(core);
    expect(expected).to.have.length(2);
    expect(await logFileLines(ours)).to.deep.equal(expected);

    const quiet = tempDir('root-logger-quiet-');
    await runLogging(quiet, true, "Logger.childFromRoot('healthplan').info('below the level');");
    expect(existsSync(join(quiet, '.sf'))).to.equal(false);
  });
});
