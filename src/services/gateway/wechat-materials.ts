import type { GatewayMaterial, MaterialKind } from '../../domain/gateway/gateway-material.js';
import { err, ok, type Result } from '../../domain/result.js';
import type { GatewayMaterialStore } from '../ports/gateway.js';
import type { GatewayError, GatewaySession } from './gateway-session.js';
import { isValidPage, type Page, type PageRequest } from './wechat-lists.js';

/** What get_materialcount answers, in WeChat's field names. */
export interface MaterialCounts {
  image_count: number;
  voice_count: number;
  video_count: number;
  news_count: number;
}

/**
 * get_materialcount and batchget_material, answered from the materials tools uploaded through the gateway for
 * the credential's account. The gateway keeps no permanent news (图文) material: add_news entries are drafts
 * (draft/batchget lists them), so news counts 0 and lists nothing.
 */
export interface WechatMaterials {
  materialCounts(session: GatewaySession): Promise<MaterialCounts>;
  materialPage(
    session: GatewaySession,
    type: string,
    page: PageRequest,
  ): Promise<Result<Page<GatewayMaterial>, GatewayError>>;
}

export function createWechatMaterials(deps: {
  materials: Pick<GatewayMaterialStore, 'counts' | 'list'>;
}): WechatMaterials {
  return {
    async materialCounts(session) {
      const counts = await deps.materials.counts(session.credential);
      return {
        image_count: counts.image,
        voice_count: counts.voice,
        video_count: counts.video,
        news_count: 0,
      };
    },

    async materialPage(session, type, page) {
      if (!isListedKind(type) && type !== 'news') return err({ code: 'invalid_media_type', type });
      if (!isValidPage(page)) return err({ code: 'invalid_page', ...page });
      if (type === 'news') return ok({ total: 0, items: [] });
      const { total, materials } = await deps.materials.list(session.credential, type, page);
      return ok({ total, items: materials });
    },
  };
}

function isListedKind(type: string): type is MaterialKind {
  return type === 'image' || type === 'voice' || type === 'video';
}
