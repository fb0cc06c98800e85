import type { Action, Category, Grade } from './finding.js';

/**
 * How a list is used:
 * - words: every match is a finding with the list's category/action (gambling, porn, ad, wording, …);
 * - terms: matches feed a named rule (grading, opinion) instead of becoming findings one by one;
 * - allow: matches suppress deny/terms matches they contain (反赌 / 远离赌博 vs 赌博);
 * - sources: authorised repost source units (稿源单位), compared by name, not matched in text;
 * - domains: host names (link allow-list, shorteners, commerce/ad sites), compared by host suffix.
 */
export type WordlistType = 'words' | 'terms' | 'allow' | 'sources' | 'domains';

/** token: an all-ASCII entry only matches as a whole token (`sb` does not fire inside `Disburse`). */
export type AsciiMatch = 'substring' | 'token';

/** What a `domains` list is for: links that pass, URL shorteners, commerce and ad sites. */
export type DomainUse = 'allowed' | 'shortener' | 'commerce';

export interface WordEntry {
  text: string;
  /** The correction, from `wrong => right` lines (wording lists). */
  suggestion?: string;
  /** 1-based line in the list file, for validation messages. */
  line: number;
  /**
   * Where the wording was observed or which clause forbids it: from a trailing `  # 来源：…` on the entry's
   * line, else from the nearest `#@ 来源：…` section line above it.
   */
  provenance?: string;
}

export interface Wordlist {
  /** File name without extension, e.g. `gambling`; also the rule id suffix (`wordlist:gambling`). */
  name: string;
  type: WordlistType;
  category?: Category;
  action?: Action;
  grade?: Grade;
  description: string;
  source: string;
  ascii: AsciiMatch;
  /** `domains` lists only: what the hosts are for. */
  use?: DomainUse;
  /**
   * From `# quotable: yes`: lures that anti-fraud and anti-gambling publicity quotes (稳赚不赔, 刷单返利). In such
   * publicity, with no contact, link or brand of a live operation, their findings become hints (R7).
   */
  quotable?: boolean;
  /** From `# provenance: required`: every entry must carry a provenance (checked by `qianfa validate`). */
  provenanceRequired?: boolean;
  /** Message template shown for each finding (Simplified Chinese); `{text}` is the matched text. */
  message?: string;
  entries: WordEntry[];
}
