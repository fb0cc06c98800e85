/**
 * Matcher benchmark: our double-array Aho–Corasick (folded and exact) against a naive indexOf reference,
 * sensitive-word-filter, @monyone/aho-corasick/fast and mint-filter, on the 14.6k shipped list and a 50k list,
 * over the seed regulations cut to 2 KB / 20 KB / 1 MB. Run: node --expose-gc --import tsx bench/matcher-bench.ts
 */
import { AhoCorasick } from '@monyone/aho-corasick/fast';
import { Mint } from 'mint-filter';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as readline from 'node:readline';
import { Readable } from 'node:stream';
import { compileFunction } from 'node:vm';
import { createMatcher } from '../src/domain/matching/matcher.js';
import { bigList, realList, TEXT_SIZES, textOfSize } from './corpus.js';

interface Engine {
  name: string;
  note?: string;
  /** Builds for a list (await for async loaders) and returns the find-all call, which returns a count. */
  build(words: readonly string[]): Promise<(text: string) => number> | ((text: string) => number);
}

const MIN_SAMPLE_MS = 150;
const ROUNDS = 3;

const engines: Engine[] = [
  {
    name: 'ours (normalize)',
    build: (words) => {
      const matcher = createMatcher(words);
      return (text) => matcher.findAll(text).length;
    },
  },
  {
    name: 'ours (normalize:false)',
    build: (words) => {
      const matcher = createMatcher(words, { normalize: false });
      return (text) => matcher.findAll(text).length;
    },
  },
  { name: 'naive indexOf', note: 'timed once', build: (words) => (text) => naiveCount(words, text) },
  {
    name: 'ours (normalize, forEachMatch)',
    note: 'same matches as findAll, visited without a result object each',
    build: (words) => {
      const matcher = createMatcher(words);
      return (text) => {
        let count = 0;
        matcher.forEachMatch(text, () => count++);
        return count;
      };
    },
  },
  {
    name: '@monyone/aho-corasick/fast',
    build: (words) => {
      const engine = new AhoCorasick([...words]);
      return (text) => engine.matchInText(text).length;
    },
  },
  {
    name: 'mint-filter',
    note: 'count = words reported (one per occurrence; it misses overlapping ones)',
    build: (words) => {
      const engine = new Mint([...words]);
      return (text) => engine.filter(text, { replace: false }).words.length;
    },
  },
  {
    name: 'sensitive-word-filter',
    note: 'count = masked characters; list fed through its own line reader',
    build: loadSensitiveWordFilter,
  },
  {
    name: 'limit (read every unit)',
    build: () => {
      const table = new Uint16Array(0x10000).map((_, unit) => unit & 7);
      return (text) => {
        let sum = 0;
        for (let i = 0; i < text.length; i++) sum += table[text.charCodeAt(i)]!;
        return sum & 0;
      };
    },
  },
];

function naiveCount(words: readonly string[], text: string): number {
  let count = 0;
  for (const word of words) {
    for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) count++;
  }
  return count;
}

/**
 * sensitive-word-filter reads its bundled `keywords` file through readline at require time and exports only
 * filter(). We run its own index.js with fs swapped for a stream of our list and wait for readline to close.
 */
async function loadSensitiveWordFilter(words: readonly string[]): Promise<(text: string) => number> {
  const require = createRequire(import.meta.url);
  const file = require.resolve('sensitive-word-filter');
  const source = readFileSync(file, 'utf8');
  const factory = compileFunction(source, ['require', 'module', 'exports', '__dirname']) as (
    ...args: unknown[]
  ) => void;
  let lineReader: readline.Interface | undefined;
  const fakeRequire = (name: string): unknown => {
    if (name === 'fs') return { createReadStream: () => Readable.from([words.join('\n')]) };
    if (name === 'readline')
      return {
        createInterface: (options: readline.ReadLineOptions) =>
          (lineReader = readline.createInterface(options)),
      };
    return require(name);
  };
  const module = { exports: {} as { filter?: (text: string) => string } };
  factory(fakeRequire, module, module.exports, file);
  if (lineReader) await once(lineReader, 'close');
  const filter = module.exports.filter!;
  return (text) => countStars(filter(text)) - countStars(text);
}

function countStars(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 42) count++;
  return count;
}

/** sensitive-word-filter builds RegExps from list words and throws on some of them. */
function countOrError(find: (text: string) => number, text: string): number | string {
  try {
    return find(text);
  } catch (error) {
    return `throws ${(error as Error).name}`;
  }
}

function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function memoryMb(): number {
  const usage = process.memoryUsage();
  return (usage.heapUsed + usage.arrayBuffers) / 2 ** 20;
}

/** Best of ROUNDS samples: the machine is shared, so the fastest round is the least disturbed one. */
function msPerCall(find: (text: string) => number, text: string, once: boolean): number {
  if (once) return sampleMs(find, text, true);
  return Math.min(...Array.from({ length: ROUNDS }, () => sampleMs(find, text, false)));
}

/** Milliseconds per call: repeats until MIN_SAMPLE_MS, or one call when that call takes over a second. */
function sampleMs(find: (text: string) => number, text: string, once: boolean): number {
  let calls = 0;
  const started = performance.now();
  do {
    find(text);
    calls++;
  } while (!once && performance.now() - started < MIN_SAMPLE_MS && performance.now() - started < 1000);
  return (performance.now() - started) / calls;
}

interface Row {
  engine: string;
  list: string;
  buildMs: number;
  heapMb: number;
  rates: number[];
  ratios: number[];
  counts: (number | string)[];
}

type Measured = Awaited<ReturnType<typeof measure>>;

async function measure(engine: Engine, list: string, words: readonly string[], texts: readonly string[]) {
  collectGarbage();
  const before = memoryMb();
  const started = performance.now();
  const find = await engine.build(words);
  const buildMs = performance.now() - started;
  collectGarbage();
  const heapMb = memoryMb() - before;
  const counts = texts.map((text) => countOrError(find, text));
  const ms = texts.map((text, i) =>
    typeof counts[i] === 'number' ? msPerCall(find, text, engine.note === 'timed once') : NaN,
  );
  return { engine: engine.name, list, buildMs, heapMb, counts, ms };
}

async function main(): Promise<void> {
  const texts = TEXT_SIZES.map((size) => textOfSize(size.bytes));
  const lists = [
    { name: `real ${realList().length}`, words: realList() },
    { name: `big ${bigList().length}`, words: bigList() },
  ];
  console.log(`texts: ${TEXT_SIZES.map((s, i) => `${s.label} = ${texts[i]!.length} units`).join(', ')}`);
  if (!(globalThis as { gc?: unknown }).gc) console.log('(no --expose-gc: heap figures include garbage)');
  const rows: Row[] = [];
  const checks: string[] = [];
  for (const list of lists) {
    const measured = [];
    for (const engine of engines) measured.push(await measure(engine, list.name, list.words, texts));
    const [ours, exact, naive] = measured as [Measured, Measured, Measured];
    const same = exact.counts.every((count, i) => count === naive.counts[i]);
    checks.push(`${list.name}: ours (normalize:false) ${same ? 'equals' : 'DIFFERS FROM'} naive indexOf`);
    for (const m of measured) {
      rows.push({
        engine: m.engine,
        list: m.list,
        buildMs: m.buildMs,
        heapMb: m.heapMb,
        rates: m.ms.map((ms, i) => texts[i]!.length / ms / 1000),
        ratios: m.ms.map((ms, i) => ms / ours.ms[i]!),
        counts: m.counts,
      });
    }
  }
  printTable(rows);
  for (const check of checks) console.log(check);
  for (const engine of engines) if (engine.note) console.log(`${engine.name}: ${engine.note}`);
}

function printTable(rows: readonly Row[]): void {
  const sizes = TEXT_SIZES.map((size) => size.label);
  const header = [
    'engine',
    'list',
    'build ms',
    'heap MB',
    ...sizes.map((s) => `Mu/s ${s}`),
    ...sizes.map((s) => `× ours ${s}`),
    ...sizes.map((s) => `count ${s}`),
  ];
  const lines = rows.map((row) => [
    row.engine,
    row.list,
    row.buildMs.toFixed(0),
    row.heapMb.toFixed(1),
    ...row.rates.map((rate) => (Number.isNaN(rate) ? '—' : rate.toFixed(1))),
    ...row.ratios.map((ratio) => (Number.isNaN(ratio) ? '—' : ratio.toFixed(2))),
    ...row.counts.map((count) => (row.engine.startsWith('limit') ? '—' : String(count))),
  ]);
  console.log(`| ${header.join(' | ')} |`);
  console.log(`|${header.map(() => '---').join('|')}|`);
  for (const line of lines) console.log(`| ${line.join(' | ')} |`);
}

await main();
