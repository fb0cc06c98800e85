import { mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformWithEsbuild } from 'vite';
import type { TestProject } from 'vitest/node';
import { removeStaleRunDirs, runDir } from './run-dirs.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The compiled `src/cli/main.ts` of this test run (see setup): what tests start as `qianfa`. */
    qianfaMain: string;
  }
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

let buildDir: string | undefined;

/**
 * globalSetup of the integration project: compiles src/ once per run, file by file as tsx does (esbuild, no type
 * check; `npm run typecheck` does that), so that the qianfa processes tests start load JavaScript instead of each
 * compiling through tsx's loader: about half the CPU of every start (`qianfa serve` with two service processes:
 * 16 s instead of 30 s of CPU), which was most of the CLI and serve tests' time. The build sits beside links to
 * the package's other folders (node_modules, wordlists, assets…), laid out as the package is, so that the paths
 * the code finds from its own location (src/package-dirs.ts) are the same; a fresh one each run, as the sources
 * may have changed since the last, named after the run's process so that the next run removes it if this one is
 * killed before its teardown (removeStaleRunDirs, which clears every kind of directory a killed run leaves).
 */
export async function setup(project: TestProject): Promise<void> {
  await removeStaleRunDirs();
  buildDir = runDir('build');
  for (const entry of await readdir(ROOT))
    if (entry !== 'src') await symlink(join(ROOT, entry), join(buildDir, entry));
  const sources = (await readdir(join(ROOT, 'src'), { recursive: true })).filter((file) =>
    file.endsWith('.ts'),
  );
  await Promise.all(sources.map((file) => compile(file, buildDir!)));
  project.provide('qianfaMain', join(buildDir, 'src', 'cli', 'main.js'));
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
