/**
 * What an account published, whoever published it. `original` and `repost` are the draft kinds qianfa records;
 * a post made around qianfa has the platform's flag where it gives one (a Weibo repost carries
 * `retweeted_status`) and is `unknown` otherwise, counted apart rather than guessed.
 */
export type PostKind = 'original' | 'repost' | 'unknown';

export interface MonitoredPost {
  /** The platform's id (WeChat article_id, Weibo idstr) when known: how the two lists are matched. */
  platformId?: string;
  /** ISO instant of publication. */
  at: string;
  kind: PostKind;
  /** `qianfa` when it went through the gate, `platform` when only the platform's list has it. */
  via: 'qianfa' | 'platform';
  title?: string;
}

/**
 * qianfa's own posts and the platform's list as one history, newest first: a listed post qianfa published
 * itself (the same platform id) is counted once, as qianfa's, since qianfa knows its kind.
 */
export function mergePosts(own: readonly MonitoredPost[], listed: readonly MonitoredPost[]): MonitoredPost[] {
  const ownIds = new Set(own.flatMap((post) => (post.platformId === undefined ? [] : [post.platformId])));
  const around = listed.filter((post) => post.platformId === undefined || !ownIds.has(post.platformId));
  return [...own, ...around].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
}
