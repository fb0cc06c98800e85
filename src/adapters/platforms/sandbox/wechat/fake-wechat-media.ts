import { createHash, randomBytes } from 'node:crypto';
import { PlatformRefusal, readForm, type FakeRequest } from '../fake-http-server.js';
import { sniffImage, type ImageFormat } from '../image-bytes.js';

const MB = 1024 * 1024;

/** What each upload accepts (facts §1.2, §1.3); sizes are exclusive for uploadimg (< 1 MB). */
const BODY_IMAGE = { formats: ['png', 'jpeg'], maxBytes: MB - 1 } as const;
const MATERIAL_LIMITS: Readonly<
  Record<'image' | 'thumb', { formats: readonly ImageFormat[]; maxBytes: number }>
> = {
  image: { formats: ['bmp', 'png', 'jpeg', 'gif'], maxBytes: 10 * MB },
  thumb: { formats: ['jpeg'], maxBytes: 64 * 1024 },
};

export interface StoredMaterial {
  readonly mediaId: string;
  readonly appid: string;
  readonly type: 'image' | 'thumb';
  readonly url: string;
  /** SHA-256 (hex) of the uploaded bytes: tells which image an article's cover is. */
  readonly sha256: string;
}

/** Body images (uploadimg) and permanent materials (add_material) of every account. */
export class WechatMediaStore {
  readonly #materials = new Map<string, StoredMaterial>();

  /** media/uploadimg: multipart field `media`, jpg/png under 1 MB; returns an mmbiz URL. */
  async uploadBodyImage(request: FakeRequest): Promise<{ url: string }> {
    const { format } = await readImage(request, BODY_IMAGE);
    return { url: `http://mmbiz.qpic.cn/mmbiz_${format === 'jpeg' ? 'jpg' : format}/${randomId(32)}/0` };
  }

  /** material/add_material?type=image|thumb. Voice and video are not modelled (refused with 40004). */
  async addMaterial(appid: string, request: FakeRequest): Promise<{ media_id: string; url?: string }> {
    const type = request.query.get('type');
    if (type !== 'image' && type !== 'thumb') throw new PlatformRefusal(40004, `type ${type} not modelled`);
    const { bytes } = await readImage(request, MATERIAL_LIMITS[type]);
    const mediaId = randomId(43);
    const url = `http://mmbiz.qpic.cn/mmbiz_jpg/${randomId(32)}/0?wx_fmt=jpeg`;
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    this.#materials.set(mediaId, { mediaId, appid, type, url, sha256 });
    return type === 'image' ? { media_id: mediaId, url } : { media_id: mediaId };
  }

  /** Permanent materials of the account: what fills its library (capped at 100,000 images on WeChat). */
  materialCount(appid: string): number {
    return [...this.#materials.values()].filter((material) => material.appid === appid).length;
  }

  /** Someone deleted the material in the MP console: later uses of its media_id get 40007. */
  deleteMaterial(mediaId: string): void {
    this.#materials.delete(mediaId);
  }

  /** A cover must be a permanent image or thumb of the same account (else 40007). */
  coverOf(appid: string, mediaId: string): StoredMaterial | undefined {
    const material = this.#materials.get(mediaId);
    return material?.appid === appid ? material : undefined;
  }
}

async function readImage(
  request: FakeRequest,
  limits: { readonly formats: readonly ImageFormat[]; readonly maxBytes: number },
): Promise<{ format: ImageFormat; bytes: Uint8Array }> {
  const media = await readMediaField(request);
  const bytes = new Uint8Array(await media.arrayBuffer());
  const format = sniffImage(bytes);
  if (format === undefined || !limits.formats.includes(format)) throw new PlatformRefusal(40005);
  if (bytes.length > limits.maxBytes) throw new PlatformRefusal(40009);
  return { format, bytes };
}

async function readMediaField(request: FakeRequest): Promise<File> {
  if (request.method !== 'POST') throw new PlatformRefusal(43002);
  const contentType = request.headers['content-type'] ?? '';
  if (!contentType.startsWith('multipart/form-data'))
    throw new PlatformRefusal(47003, 'media must be multipart');
  const media = (await readForm(request)).get('media');
  if (!(media instanceof File)) throw new PlatformRefusal(47003, 'media field missing');
  return media;
}

export function randomId(length: number): string {
  return randomBytes(length).toString('base64url').slice(0, length);
}
