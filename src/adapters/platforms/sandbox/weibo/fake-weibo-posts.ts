import { isIP } from 'node:net';
import { checkWeiboStatus } from '../../../../domain/publishing/weibo-limits.js';
import { PlatformRefusal, readForm, type FakeRequest } from '../fake-http-server.js';
import { sniffImage } from '../image-bytes.js';

export interface FakeWeiboAccount {
  /** Numeric user id as a string. */
  readonly uid: string;
  readonly screenName: string;
  readonly token: string;
  /** The app's bound 安全域名: every post must link under it. */
  readonly safeDomain: string;
  /** 粉丝数: users/show's followers_count; default 0. */
  readonly followers?: number;
}

export interface FakeWeiboPost {
  readonly id: bigint;
  readonly uid: string;
  readonly text: string;
  readonly createdAt: Date;
  readonly pictureUrl?: string;
  /** `api` through statuses/share, `planted` by a test (posted outside qianfa). */
  readonly origin: 'api' | 'planted';
  /** A repost: the other account's post it forwards. */
  readonly retweeted?: { readonly id: bigint; readonly text: string; readonly screenName: string };
}

export interface ShareInput {
  readonly status: string;
  readonly picture?: File;
}

const PICTURE_MAX_BYTES = 5 * 1024 * 1024 - 1;

/**
 * statuses/share's parameter rules (facts §2.2, §2.4). Text length uses qianfa's own count (weibo-limits.ts):
 * the platform's rule is undocumented, so the fake can only hold clients to the same model. A #话题# is
 * refused with 10017, which is a guess: the facts say it is not allowed but not how it is refused.
 */
export async function readShareInput(form: FormData, account: FakeWeiboAccount): Promise<ShareInput> {
  const status = form.get('status');
  const rip = form.get('rip');
  if (typeof status !== 'string') throw new PlatformRefusal(10016, 'miss required parameter (status)');
  if (typeof rip !== 'string') throw new PlatformRefusal(10016, 'miss required parameter (rip)');
  if (isIP(rip) === 0) throw new PlatformRefusal(10017);
  checkText(status, account.safeDomain);
  const picture = form.get('pic');
  if (picture === null) return { status };
  if (!(picture instanceof File)) throw new PlatformRefusal(20007);
  await checkPicture(picture);
  return { status, picture };
}

/** The form-encoded or multipart body; any other body reads as empty (so required parameters are missing). */
export async function readShareForm(request: FakeRequest): Promise<FormData> {
  try {
    return await readForm(request);
  } catch {
    return new FormData();
  }
}

function checkText(status: string, safeDomain: string): void {
  for (const violation of checkWeiboStatus(status, safeDomain)) {
    if (violation.code === 'empty') throw new PlatformRefusal(20008);
    if (violation.code === 'too_long') throw new PlatformRefusal(20012);
    if (violation.code === 'missing_safe_domain_link')
      throw new PlatformRefusal(10017, 'appkey not bind domain!');
    throw new PlatformRefusal(10017);
  }
}

async function checkPicture(picture: File): Promise<void> {
  const format = sniffImage(new Uint8Array(await picture.arrayBuffer()));
  if (format !== 'jpeg' && format !== 'gif' && format !== 'png') throw new PlatformRefusal(20005);
  if (picture.size > PICTURE_MAX_BYTES) throw new PlatformRefusal(20006);
}

/** The Status object statuses/share returns and user_timeline lists (facts §2.2). */
export function statusObject(post: FakeWeiboPost, account: FakeWeiboAccount): Record<string, unknown> {
  const pictures = post.pictureUrl
    ? { thumbnail_pic: post.pictureUrl, bmiddle_pic: post.pictureUrl, original_pic: post.pictureUrl }
    : {};
  return {
    created_at: weiboDate(post.createdAt),
    id: post.id,
    idstr: post.id.toString(),
    mid: post.id.toString(),
    text: post.text,
    source: '<a href="https://open.weibo.com" rel="nofollow">qianfa</a>',
    favorited: false,
    truncated: false,
    ...pictures,
    geo: null,
    user: { id: Number(account.uid), idstr: account.uid, screen_name: account.screenName },
    reposts_count: 0,
    comments_count: 0,
    ...(post.retweeted ? { retweeted_status: retweetedStatus(post.retweeted, post.createdAt) } : {}),
  };
}

/** The User object users/show returns (abridged to what a client of the register reads). */
export function userObject(account: FakeWeiboAccount, statuses: number): Record<string, unknown> {
  return {
    id: Number(account.uid),
    idstr: account.uid,
    screen_name: account.screenName,
    name: account.screenName,
    followers_count: account.followers ?? 0,
    friends_count: 0,
    statuses_count: statuses,
    verified: true,
  };
}

/** The reposted Status as Weibo embeds it (an abridged Status of the other account). */
function retweetedStatus(
  original: NonNullable<FakeWeiboPost['retweeted']>,
  at: Date,
): Record<string, unknown> {
  return {
    created_at: weiboDate(at),
    id: original.id,
    idstr: original.id.toString(),
    mid: original.id.toString(),
    text: original.text,
    user: { screen_name: original.screenName },
  };
}

/** "Wed Oct 24 23:49:17 +0800 2012", in Beijing time. */
function weiboDate(date: Date): string {
  const beijing = new Date(date.getTime() + 8 * 60 * 60_000);
  const [weekday, day, month, year, time] = beijing.toUTCString().replace(',', '').split(' ');
  return `${weekday} ${month} ${day} ${time} +0800 ${year}`;
}
