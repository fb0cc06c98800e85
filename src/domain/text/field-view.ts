import type { DraftFormat } from '../draft.js';
import { htmlToView } from './html-to-view.js';
import { stripPinyin } from './strip-pinyin.js';
import type { TextView } from './text-view.js';
import { identityView } from './text-view.js';

/**
 * The view of a draft field that checks read: HTML reduced to its text (hidden text and link targets kept), then
 * pinyin annotations removed. Text and Markdown are read as they are: Markdown punctuation is noise to the matcher,
 * and link targets in `[x](url)` stay visible. Offsets map back into `text`.
 */
export function buildFieldView(text: string, format: DraftFormat): TextView {
  const view = format === 'html' ? htmlToView(text) : identityView(text);
  return stripPinyin(view);
}
