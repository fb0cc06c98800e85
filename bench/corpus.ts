/**
 * Shared benchmark inputs: the seed regulations cut to 2 KB / 20 KB / 1 MB of UTF-8, the 14.6k-line list shipped
 * in sensitive-word-filter, and a deterministic 50k list grown from it (see matchers.md §3).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export const TEXT_SIZES = [
  { label: '2 KB', bytes: 2 * 1024 },
  { label: '20 KB', bytes: 20 * 1024 },
  { label: '1 MB', bytes: 1024 * 1024 },
] as const;

/** Seeds from QIANFA_SEEDS_DIR, ../shared/seeds, or the copies under tests/fixtures/seeds. */
export function seedsDir(): string {
  const candidates = [
    process.env.QIANFA_SEEDS_DIR,
    resolve(repoRoot, '../shared/seeds'),
    resolve(repoRoot, 'tests/fixtures/seeds'),
  ];
  const found = candidates.find((dir) => dir !== undefined && existsSync(dir));
  if (found === undefined) throw new Error('seed texts not found; set QIANFA_SEEDS_DIR');
  return found;
}

export function seedTexts(): string[] {
  const dir = seedsDir();
  return readdirSync(dir)
    .filter((name) => name.endsWith('.txt'))
    .sort()
    .map((name) => readFileSync(join(dir, name), 'utf8'));
}

/** The seeds joined and repeated, cut at a character boundary to at most `bytes` of UTF-8. */
export function textOfSize(bytes: number, seeds: readonly string[] = seedTexts()): string {
  const joined = seeds.join('\n');
  const copies = Math.ceil(bytes / Buffer.byteLength(joined)) + 1;
  const long = Array.from({ length: copies }, () => joined).join('\n');
  let used = 0;
  let end = 0;
  for (const char of long) {
    const size = Buffer.byteLength(char);
    if (used + size > bytes) break;
    used += size;
    end += char.length;
  }
  return long.slice(0, end);
}

/** The textfilter list shipped in sensitive-word-filter: CRLF lines, trimmed, de-duplicated. */
export function realList(): string[] {
  const require = createRequire(import.meta.url);
  const file = join(dirname(require.resolve('sensitive-word-filter')), 'keywords');
  const words = readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  return [...new Set(words)];
}

const GAMBLING_AND_AD_SEEDS = [
  '澳门赌博',
  '澳门赌场',
  '网上赌场',
  '赌博网',
  '赌博网站',
  '在线赌博',
  '百家乐',
  '六合彩',
  '时时彩',
  '北京赛车',
  '皇冠足球',
  '足球比分',
  '365bet',
  'bet365',
  '威尼斯人',
  '金沙娱乐',
  '葡京娱乐',
  '太阳城',
  '开户送彩金',
  '首存优惠',
  '返水',
  '下注',
  '博彩',
  '真人视讯',
  '老虎机',
  '捕鱼游戏',
  '棋牌游戏',
  '代理加盟',
  '日赚千元',
  '网赚兼职',
  '刷单',
  '兼职刷单',
  '加微信',
  '加v信',
  '加qq',
  '扫码领取',
  '免费领取',
  '点击领取',
  '私聊',
  '引流',
  '推荐码',
  '名品汇',
  '官网注册',
  '免费试玩',
  '高额回报',
  '稳赚不赔',
  '贷款秒批',
  '无抵押贷款',
];

const SEPARATORS = ['*', ' ', '-', '_', '·', '.', '^^', '@'];

/** Deterministic 32-bit PRNG (mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * real + gambling/ad seeds + synthetic terms to `size`: CJK terms drawn from the list's own character and
 * length (clamped to 2–8) distributions, separator variants of real words (法*轮), latin/digit contact spam, ~0.5 % n-grams of the seeds.
 */
export function bigList(size = 50_000, seed = 20240601): string[] {
  const random = seededRandom(seed);
  const real = realList();
  const words = new Set([...real, ...GAMBLING_AND_AD_SEEDS]);
  const cjk = [...real.join('')].filter((char) => /\p{Script=Han}/u.test(char));
  const seeds = seedTexts().join('');
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const termLength = () => Math.min(8, Math.max(2, pick(real).length));
  const generators = [
    () => Array.from({ length: termLength() }, () => pick(cjk)).join(''),
    () => [...pick(real)].join(pick(SEPARATORS)),
    () => pick(['vx', 'wx', 'qq', 'tg', 'bet', 'www', 'kf']) + String(Math.floor(random() * 1e6)),
    () => {
      const at = Math.floor(random() * (seeds.length - 6));
      return seeds.slice(at, at + 2 + Math.floor(random() * 3)).trim();
    },
  ];
  const weights = [0.7, 0.15, 0.145, 0.005];
  while (words.size < size) {
    const roll = random();
    let g = 0;
    for (let acc = weights[0]!; roll > acc && g < weights.length - 1; acc += weights[++g]!);
    const word = generators[g]!();
    if (word.length >= 2) words.add(word);
  }
  return [...words];
}
