import { describe, expect, it } from 'vitest';
import type { Wordlist } from '../../src/domain/checks/wordlist-types.js';
import { parseWordlist, validateWordlists } from '../../src/domain/checks/wordlist.js';

const WORDS_HEADER = [
  '# category: gambling',
  '# type: words',
  '# action: block',
  '# description: 赌博',
  '# source: R6',
].join('\n');

const lines = (...rows: string[]) => rows.join('\n');

function parsed(name: string, text: string) {
  const result = parseWordlist(name, text);
  if ('errors' in result) throw new Error(result.errors.join('\n'));
  return result;
}

function errorsOf(text: string, location = 'x.txt'): string[] {
  const result = parseWordlist('x', text, location);
  return 'errors' in result ? result.errors : [];
}

describe('parseWordlist', () => {
  it('reads the header, entries, suggestions and line numbers, skipping comments and blank lines', () => {
    const { list, warnings } = parsed(
      'wording-law',
      lines(
        '\uFEFF# category: wording',
        '# type: words',
        '# action: block',
        '# description: 法律名称',
        '# source: R16',
        '# message: 「{text}」应写作规范名称',
        '',
        '# 第一组',
        '  中华人民共和国信息公开条例 => 中华人民共和国政府信息公开条例  ',
        '澳门赌博',
        '',
      ),
    );
    expect(warnings).toEqual([]);
    expect(list).toEqual({
      name: 'wording-law',
      type: 'words',
      category: 'wording',
      action: 'block',
      description: '法律名称',
      source: 'R16',
      ascii: 'substring',
      message: '「{text}」应写作规范名称',
      entries: [
        { text: '中华人民共和国信息公开条例', suggestion: '中华人民共和国政府信息公开条例', line: 9 },
        { text: '澳门赌博', line: 10 },
      ],
    });
  });

  it('accepts Windows line endings and an escalate list with its grade and token matching', () => {
    const text = lines(
      '# category: leader',
      '# type: terms',
      '# action: escalate',
      '# grade: important',
      '# ascii: token',
      '# description: 领导',
      '# source: R27',
      '区委书记',
    ).replaceAll('\n', '\r\n');
    const { list } = parsed('leader-titles', text);
    expect([list.type, list.action, list.grade, list.ascii, list.entries]).toEqual([
      'terms',
      'escalate',
      'important',
      'token',
      [{ text: '区委书记', line: 8 }],
    ]);
  });

  it('treats a Chinese # line in the header as a comment and a later header-like line as a comment with a warning', () => {
    const { list, warnings } = parsed(
      'gambling',
      lines(WORDS_HEADER, '# 说明：只收品牌', '澳门赌博', '# action: review'),
    );
    expect(list.action).toBe('block');
    expect(warnings).toEqual(['gambling:8: 警告：表头「action」出现在条目之后，按注释处理']);
  });

  it.each([
    [
      'an unknown header key',
      lines(WORDS_HEADER, '# colour: red', '澳门赌博'),
      'x.txt:6: 未知的表头字段「colour」',
    ],
    [
      'a repeated header key',
      lines(WORDS_HEADER, '# action: info', '澳门赌博'),
      'x.txt:6: 表头字段「action」重复（第 3 行已有）',
    ],
    [
      'an unknown category',
      WORDS_HEADER.replace('gambling', 'casino') + '\n澳门赌博',
      'x.txt:1: 表头「category」的值「casino」无效',
    ],
    [
      'an unknown type',
      WORDS_HEADER.replace('type: words', 'type: word') + '\n澳门赌博',
      'x.txt:2: 表头「type」的值「word」无效',
    ],
    [
      'an unknown action',
      WORDS_HEADER.replace('block', 'deny') + '\n澳门赌博',
      'x.txt:3: 表头「action」的值「deny」无效',
    ],
    [
      'an unknown ascii mode',
      lines(WORDS_HEADER, '# ascii: word', '澳门赌博'),
      'x.txt:6: 表头「ascii」的值「word」无效',
    ],
    [
      'an empty description',
      WORDS_HEADER.replace('赌博', '') + '\n澳门赌博',
      'x.txt:4: 表头「description」不能为空',
    ],
    [
      'a missing source',
      WORDS_HEADER.replace('# source: R6', '') + '\n澳门赌博',
      'x.txt:1: 缺少表头「# source: …」',
    ],
    [
      'a words list without action',
      WORDS_HEADER.replace('# action: block', '') + '\n澳门赌博',
      'x.txt:1: 缺少表头「# action: …」',
    ],
    [
      'escalate without grade',
      WORDS_HEADER.replace('block', 'escalate') + '\n澳门赌博',
      'x.txt:3: action 为 escalate 时须写 grade',
    ],
    ['an empty entry before =>', lines(WORDS_HEADER, '  => 开发'), 'x.txt:6: 「=>」两侧都须有内容'],
    ['an empty suggestion after =>', lines(WORDS_HEADER, '開發 =>  '), 'x.txt:6: 「=>」两侧都须有内容'],
    ['two arrows', lines(WORDS_HEADER, 'a1 => b2 => c3'), 'x.txt:6: 一行只能有一个「=>」'],
    ['a one-character entry', lines(WORDS_HEADER, '赌'), 'x.txt:6: 单字条目「赌」范围过宽'],
    ['a one-character astral entry', lines(WORDS_HEADER, '𠮷'), 'x.txt:6: 单字条目「𠮷」范围过宽'],
    [
      'a duplicate entry',
      lines(WORDS_HEADER, '百家乐', '彩金', '百家乐'),
      'x.txt:8: 重复条目「百家乐」（第 6 行已有）',
    ],
    [
      'a bad message placeholder',
      lines(WORDS_HEADER, '# message: {word}', '彩金'),
      'x.txt:6: message 中的占位符「{word}」无效',
    ],
  ])('reports %s', (_what, text, expected) => {
    const errors = errorsOf(text);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.startsWith(expected), errors[0]).toBe(true);
  });

  it('reports every problem of a file at once, in line order within each pass', () => {
    const errors = errorsOf(lines('# type: words', '# colour: red', '赌', '赌'), 'wordlists/bad.txt');
    expect(errors).toEqual([
      'wordlists/bad.txt:2: 未知的表头字段「colour」，可用：category、type、action、grade、ascii、use、quotable、provenance、description、source、message',
      'wordlists/bad.txt:1: 缺少表头「# description: …」（这份词表收什么、为什么）',
      'wordlists/bad.txt:1: 缺少表头「# source: …」（依据的条款或需求）',
      'wordlists/bad.txt:1: 缺少表头「# category: …」（命中项的类别）',
      'wordlists/bad.txt:1: 缺少表头「# action: …」（block | escalate | review | info）',
      'wordlists/bad.txt:3: 单字条目「赌」范围过宽，至少写两个字',
      'wordlists/bad.txt:4: 单字条目「赌」范围过宽，至少写两个字',
      'wordlists/bad.txt:4: 重复条目「赌」（第 3 行已有）',
    ]);
  });

  it('needs no category for allow lists but rejects suggestions and one-character entries there', () => {
    const header = lines('# type: allow', '# description: 反赌', '# source: R7');
    expect(parsed('allow', lines(header, '远离赌博')).list.category).toBeUndefined();
    expect(errorsOf(lines(header, '反赌 => 禁赌', '赌'))).toEqual([
      'x.txt:4: 「=>」建议写法只用于 words、terms 词表',
      'x.txt:5: 单字条目「赌」范围过宽，至少写两个字',
    ]);
  });

  describe('domains lists', () => {
    const header = (use: string) =>
      lines('# category: link', '# type: domains', `# use: ${use}`, '# description: 域名', '# source: R9');

    it('records what the list is for', () => {
      const { list } = parsed('link-shorteners', lines(header('shortener'), 't.cn', 'dwz.cn'));
      expect(list.use).toBe('shortener');
      expect(list.entries.map((entry) => entry.text)).toEqual(['t.cn', 'dwz.cn']);
    });

    it.each([['https://t.cn'], ['t.cn/abc'], ['T.CN'], ['localhost'], ['-bad.cn'], ['t.cn:80']])(
      'rejects %s, which is not a lower-case host name',
      (entry) => {
        expect(errorsOf(lines(header('shortener'), entry))).toEqual([
          `x.txt:6: 「${entry}」不是主机名：只写小写域名，不带协议、端口和路径`,
        ]);
      },
    );

    it('requires use, accepts only the link category and rejects use elsewhere', () => {
      expect(errorsOf(lines(header('allowed').replace('# use: allowed', ''), 'gov.cn'))).toEqual([
        'x.txt:1: 缺少表头「# use: …」（allowed | shortener | commerce）',
      ]);
      expect(errorsOf(lines(header('ads'), 'jd.com'))[0]).toMatch(/^x\.txt:3: 表头「use」的值「ads」无效/);
      expect(errorsOf(lines(header('allowed').replace('link', 'ad'), 'gov.cn'))).toEqual([
        'x.txt:1: domains 词表的类别只能是 link',
      ]);
      expect(errorsOf(lines(WORDS_HEADER, '# use: allowed', '澳门赌博'))).toEqual([
        'x.txt:6: 表头「use」只用于 domains 词表',
      ]);
    });

    it('warns about a host its parent domain already covers', () => {
      const { warnings } = parsed(
        'link-allowed-domains',
        lines(header('allowed'), 'gov.cn', 'www.gov.cn', 'news.cn'),
      );
      expect(warnings).toEqual(['link-allowed-domains:7: 警告：「www.gov.cn」已被「gov.cn」覆盖，可删去']);
    });
  });
});

/** A stand-in for the matcher's fold in these unit tests: case, a few traditional characters, and spaces. */
const TRADITIONAL: Record<string, string> = { 開: '开', 發: '发', 門: '门', 賭: '赌' };
const simpleFold = (text: string) =>
  [...text.toLowerCase()]
    .map((char) => TRADITIONAL[char] ?? char)
    .filter((char) => !/[\s\p{P}]/u.test(char))
    .join('');

function list(name: string, type: Wordlist['type'], texts: string[], action?: Wordlist['action']): Wordlist {
  const result: Wordlist = {
    name,
    type,
    description: 'd',
    source: 's',
    ascii: 'substring',
    entries: texts.map((text, index) => ({ text, line: index + 6 })),
  };
  if (action !== undefined) result.action = action;
  return result;
}

describe('validateWordlists', () => {
  it('reports entries of one list that fold onto each other as errors', () => {
    const problems = validateWordlists(
      [list('wording', 'words', ['开发', '開發', 'ABC', 'abc'], 'block')],
      simpleFold,
    );
    expect(problems).toEqual({
      errors: [
        'wording:7: 「開發」与第 6 行「开发」规范化后相同',
        'wording:9: 「abc」与第 8 行「ABC」规范化后相同',
      ],
      warnings: [],
    });
  });

  it('reports matched entries that fold to fewer than two characters', () => {
    const problems = validateWordlists(
      [list('porn', 'words', ['a ', '澳-'], 'block')],
      simpleFold,
      (l) => `w/${l.name}.txt`,
    );
    expect(problems.errors).toEqual([
      'w/porn.txt:6: 「a 」规范化后只剩「a」，范围过宽',
      'w/porn.txt:7: 「澳-」规范化后只剩「澳」，范围过宽',
    ]);
  });

  it('warns when lists that act differently hold the same folded entry, and not when they act alike', () => {
    const problems = validateWordlists(
      [
        list('gambling', 'words', ['澳门赌博', '彩金'], 'block'),
        list('ad', 'words', ['彩金'], 'block'),
        list('claims', 'words', ['澳門賭博'], 'review'),
        list('allow', 'allow', ['澳 门 赌 博']),
      ],
      simpleFold,
    );
    expect(problems.errors).toEqual([]);
    expect(problems.warnings).toEqual([
      'claims:6: 警告：「澳門賭博」与 gambling:6 的「澳门赌博」规范化后相同，处理方式不同（block / review）',
      'allow:6: 警告：「澳 门 赌 博」与 gambling:6 的「澳门赌博」规范化后相同，处理方式不同（block / allow），白名单条目会使另一条永不命中',
    ]);
  });

  it('compares hosts as written and warns about a host in two domain lists of different use', () => {
    const allowed = { ...list('allowed', 'domains', ['t.cn', 'tc.n']), use: 'allowed' as const };
    const shorteners = { ...list('shorteners', 'domains', ['t.cn']), use: 'shortener' as const };
    expect(validateWordlists([allowed, shorteners], simpleFold)).toEqual({
      errors: [],
      warnings: [
        'shorteners:6: 警告：「t.cn」与 allowed:6 的「t.cn」规范化后相同，处理方式不同（allowed / shortener）',
      ],
    });
  });

  it('finds nothing in lists without collisions', () => {
    const lists = [
      list('gambling', 'words', ['百家乐', '六合彩'], 'block'),
      list('allow', 'allow', ['打击六合彩']),
    ];
    expect(validateWordlists(lists, simpleFold)).toEqual({ errors: [], warnings: [] });
  });
});

describe('parseWordlist: quotable lures and provenance', () => {
  it('reads quotable and the provenance of each entry from section lines and trailing comments', () => {
    const { list } = parsed(
      'ad-loans',
      lines(
        WORDS_HEADER,
        '# quotable: yes',
        '# provenance: required',
        '#@ 来源：公安机关反诈宣传',
        '黑户下款',
        '秒下款  # 来源：seed 000 注入',
        'c# 入门  # 只是注释',
        '#@ source: 常见 SEO 注入',
        '网贷口子',
      ),
    );
    expect(list.quotable).toBe(true);
    expect(list.entries.map((entry) => [entry.text, entry.provenance])).toEqual([
      ['黑户下款', '公安机关反诈宣传'],
      ['秒下款', 'seed 000 注入'],
      ['c# 入门', '公安机关反诈宣传'],
      ['网贷口子', '常见 SEO 注入'],
    ]);
  });

  it('keeps a suggestion apart from the trailing provenance', () => {
    const { list } = parsed('w', lines(WORDS_HEADER, '习近平总书计 => 习近平总书记  # 来源：R16'));
    expect(list.entries).toEqual([
      { text: '习近平总书计', suggestion: '习近平总书记', provenance: 'R16', line: 6 },
    ]);
    expect(list.quotable).toBeUndefined();
  });

  it.each([
    [
      'an entry without provenance in a list that requires it',
      ['# provenance: required', '百家乐'],
      '7: 条目「百家乐」没有来源',
    ],
    ['an empty section line', ['#@ 来源：', '百家乐'], '6: 「#@ 来源：」后须写明来源'],
    ['a section line that is not a provenance', ['#@ 说明：x', '百家乐'], '6: 「#@」行只能写来源'],
    ['an empty trailing provenance', ['百家乐  # 来源：'], '6: 「# 来源：」后须写明来源'],
    [
      'a quotable value other than yes or no',
      ['# quotable: maybe', '百家乐'],
      '6: 表头「quotable」的值「maybe」无效',
    ],
    [
      'an unknown provenance rule',
      ['# provenance: always', '百家乐'],
      '6: 表头「provenance」的值「always」无效',
    ],
  ])('reports %s', (_what, rows, problem) => {
    expect(errorsOf(lines(WORDS_HEADER, ...rows)).join('\n')).toContain(`x.txt:${problem}`);
  });

  it('accepts quotable only on words lists', () => {
    const allow = lines('# type: allow', '# description: d', '# source: s', '# quotable: yes', '远离赌博');
    expect(errorsOf(allow)).toEqual([
      'x.txt:4: 表头「quotable」只用于 words 词表（反诈、反赌宣传会引用的话术）',
    ]);
  });
});
