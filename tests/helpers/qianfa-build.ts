import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformWithEsbuild } from 'vite';
import type { TestProject } from 'vitest/node';
import { isAlive } from '../../src/adapters/redis/shared-embedded-redis.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The compiled `src/cli/main.ts` of this test run (see setup): what tests start as `qianfa`. */
    qianfaMain: string;
  }
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

let buildDir: string | undefined;

/** A build is named after the test run's process: `qianfa-build-<pid>-<random>`. */
const BUILD = /^qianfa-build-(\d+)-/;

/**
 * globalSetup of the integration project: compiles src/ once per run, file by file as tsx does (esbuild, no type
 * check; `npm run typecheck` does that), so that the qianfa processes tests start load JavaScript instead of each
 * compiling through tsx's loader: about half the CPU of every start (`qianfa serve` with two service processes:
 * 16 s instead of 30 s of CPU), which was most of the CLI and serve tests' time. The build sits beside links to
 * the package's other folders (node_modules, wordlists, assets…), laid out as the package is, so that the paths
 * the code finds from its own location (src/package-dirs.ts) are the same; a fresh one each run, as the sources
 * may have changed since the last, named after the run's process so that the next run removes it if this one is
 * killed before its teardown (removeStaleBuilds).
 */
export async function setup(project: TestProject): Promise<void> {
  await removeStaleBuilds(tmpdir());
  buildDir = await mkdtemp(join(tmpdir(), `qianfa-build-${process.pid}-`));
  for (const entry of await readdir(ROOT))
    if (entry !== 'src') await symlink(join(ROOT, entry), join(buildDir, entry));
  const sources = (await readdir(join(ROOT, 'src'), { recursive: true })).filter((file) =>
    file.endsWith('.ts'),
  );
  await Promise.all(sources.map((file) => compile(file, buildDir!)));
  project.provide('qianfaMain', join(buildDir, 'src', 'cli', 'main.js'));
}

/**
 * Removes the builds in `parent` whose test run has ended without its teardown (killed): those named after a process
 * that is gone. A run still going keeps its build, so two runs at once leave each other's alone.
 */
export async function removeStaleBuilds(parent: string): Promise<void> {
  const stale = (await readdir(parent)).filter((name) => {
    const pid = BUILD.exec(name)?.[1];
    return pid !== undefined && !isAlive(Number(pid));
  });
  await Promise.all(stale.map((name) => rm(join(parent, name), { recursive: true, force: true })));
}

async function compile(file: string, into: string): Promise<void> {
  const path = join(ROOT, 'src', file);
  const { code } = await transformWithEsbuild(await readFile(path, 'utf8'), path, {
    loader: 'ts',
    format: 'esm',
    target: 'es2023',
  });
  const output = join(into, 'src', file.replace(/\.ts$/, '.js'));
  await mkdir(dirname(output), { recursive: true });
  await writeFile(output, code);
}

export async function teardown(): Promise<void> {
  if (buildDir) await rm(buildDir, { recursive: true, force: true });
}
