/** What the simulated platforms of the sandbox (`qianfa serve --sandbox`) received, per account. */
export interface SandboxRecords {
  readonly wechat: readonly SandboxWechatAccount[];
  readonly weibo: readonly SandboxWeiboAccount[];
}

export interface SandboxWechatAccount {
  readonly name: string;
  readonly appid: string;
  /** draft/add calls, oldest first (a published draft stays listed). */
  readonly drafts: readonly SandboxArticle[];
  /** Articles freepublish made public, oldest first. */
  readonly published: readonly (SandboxArticle & { readonly url: string })[];
}

export interface SandboxArticle {
  readonly at: Date;
  readonly title: string;
  readonly author: string;
  /** The article's HTML as the platform keeps it: the stamped tail is at its end. */
  readonly content: string;
}

export interface SandboxWeiboAccount {
  readonly name: string;
  readonly uid: string;
  readonly posts: readonly { readonly at: Date; readonly id: string; readonly text: string }[];
}
