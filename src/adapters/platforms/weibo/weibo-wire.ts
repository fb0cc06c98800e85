import { z } from 'zod';
import type { WeiboPost } from './weibo-types.js';

/** `{ request, error_code, error }`; error_code is a string in the official sample, a number in SDKs. */
export const weiboErrorEnvelope = z.object({
  error_code: z.union([z.number(), z.string().regex(/^\d+$/)]).transform(String),
  error: z.string().optional(),
  request: z.string().optional(),
});

/** A Status object; `id` is ignored because it may exceed 2^53 — `idstr` is exact. */
export const statusObject = z.object({
  idstr: z.string().min(1),
  mid: z.string().optional(),
  text: z.string(),
  created_at: z.string(),
  original_pic: z.string().optional(),
  /** Present when the post reposts another (转发): the platform's own repost flag. */
  retweeted_status: z.object({ idstr: z.string().optional() }).loose().nullish(),
});

/** account/get_uid; the uid is a number on the wire (uids stay below 2^53), a string in some SDKs. */
export const uidResponse = z.object({
  uid: z.union([z.number().int(), z.string().regex(/^\d+$/)]).transform(String),
});
/** users/show's User object: only the follower count is read. */
export const userResponse = z.object({ followers_count: z.number().int().nonnegative() });

export const timelineResponse = z.object({ statuses: z.array(statusObject).default([]) });

export function toWeiboPost(status: z.output<typeof statusObject>): WeiboPost {
  return {
    id: status.idstr,
    text: status.text,
    createdAt: status.created_at,
    ...(status.original_pic === undefined ? {} : { pictureUrl: status.original_pic }),
    ...(status.retweeted_status ? { repost: true } : {}),
  };
}
