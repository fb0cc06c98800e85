/**
 * The command line both instruction counts run under (bench/instructions-bench.ts and ./submissions.ts): node
 * under valgrind's callgrind, with V8's --predictable (no compiler or GC threads, no time-driven GC) and fixed
 * hash and random seeds, so a count repeats.
 */
export function underCallgrind(
  outFile: string,
  script: string[],
  options: { counting?: boolean } = {},
): string[] {
  return [
    '--tool=callgrind',
    // V8 writes the code it runs: valgrind must see it change.
    '--smc-check=all-non-file',
    ...(options.counting === false ? ['--instr-atstart=no'] : []),
    `--callgrind-out-file=${outFile}`,
    process.execPath,
    '--predictable',
    '--hash-seed=1',
    '--random-seed=1',
    ...script,
  ];
}

/** The instructions callgrind reports having counted (every thread of the process), from its output. */
export function collectedInstructions(output: string): number | undefined {
  const total = /Collected : (\d+)/.exec(output)?.[1];
  return total === undefined ? undefined : Number(total);
}
