/** add_material's types (facts §1.3). */
export type MaterialType = 'image' | 'voice' | 'video' | 'thumb';

/** How get_materialcount and batchget_material group materials: a thumb is an image there. */
export type MaterialKind = 'image' | 'voice' | 'video';

/** A permanent material a tool uploaded through the gateway (add_material), as WeChat answered it. */
export interface GatewayMaterial {
  mediaId: string;
  type: MaterialType;
  /** The uploaded file's name, as batchget_material lists it. */
  name: string;
  /** Images only: the URL WeChat answered. */
  url?: string;
  uploadedAt: string;
}

export function materialKindOf(type: MaterialType): MaterialKind {
  return type === 'thumb' ? 'image' : type;
}

export function isMaterialType(value: string): value is MaterialType {
  return ['image', 'voice', 'video', 'thumb'].includes(value);
}

/** The file name of a multipart upload's `media` part (WeChat's field), or '' when it names none. */
export function uploadedFileName(body: Uint8Array): string {
  const head = new TextDecoder().decode(body.subarray(0, 4096));
  return /name="media"[^\r\n]*?filename="([^"\r\n]*)"/.exec(head)?.[1] ?? '';
}
