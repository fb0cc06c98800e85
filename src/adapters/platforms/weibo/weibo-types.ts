import type { ImageFile } from '../platform-http.js';

export interface WeiboShareRequest {
  /** ≤ 140 as Weibo counts, with a link under the app's safe domain and no #话题# (see weibo-limits.ts). */
  readonly status: string;
  /** The operator's real IP, required by statuses/share. */
  readonly rip: string;
  /** JPEG/GIF/PNG under 5 MB; turns the request into multipart. */
  readonly pic?: ImageFile;
}

export interface WeiboPost {
  /** `idstr`: exact, unlike the numeric `id`. */
  readonly id: string;
  readonly text: string;
  /** As Weibo writes it, e.g. "Wed Oct 24 23:49:17 +0800 2012". */
  readonly createdAt: string;
  readonly pictureUrl?: string;
  /** True when the post reposts another (its Status carries `retweeted_status`). */
  readonly repost?: boolean;
}

/**
 * `accepted_unconfirmed` is error 20032 ("published, but the server is delayed"): the post exists or will,
 * so it must not be sent again; look for it with recentPosts.
 */
export type WeiboShareResult =
  { readonly state: 'posted'; readonly post: WeiboPost } | { readonly state: 'accepted_unconfirmed' };

export interface WeiboTimelineRequest {
  /** 1–100, default 20. */
  readonly count?: number;
  readonly page?: number;
}
