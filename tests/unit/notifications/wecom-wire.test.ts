import { describe, expect, it } from 'vitest';
import { truncateCharacters, truncateUtf8 } from '../../../src/adapters/notifications/text-limits.js';
import type { WecomButtonCard } from '../../../src/adapters/notifications/wecom/wecom-types.js';
import { toButtonCardBody, toTextCardBody } from '../../../src/adapters/notifications/wecom/wecom-wire.js';

const CARD: WecomButtonCard = {
  agentid: 1000002,
  touser: ['WangWu', 'lisi'],
  title: '待审签',
  description: '请审签',
  url: 'https://qianfa.example.gov.cn/m/review/t',
  taskId: 'qf-Xr3_v2@sign',
  buttons: [
    { key: 'approve', text: '同意', style: 1 },
    { key: 'reject', text: '退回', style: 2 },
  ],
};

function codeOf(run: () => unknown): string {
  try {
    run();
    return 'built';
  } catch (error) {
    return (error as { code: string }).code;
  }
}

describe('WeCom message bodies', () => {
  it('builds a button_interaction card with callback buttons and | between recipients', () => {
    expect(toButtonCardBody(CARD)).toEqual({
      touser: 'WangWu|lisi',
      msgtype: 'template_card',
      agentid: 1000002,
      template_card: {
        card_type: 'button_interaction',
        main_title: { title: '待审签' },
        sub_title_text: '请审签',
        card_action: { type: 1, url: CARD.url },
        task_id: 'qf-Xr3_v2@sign',
        button_list: [
          { text: '同意', style: 1, type: 0, key: 'approve' },
          { text: '退回', style: 2, type: 0, key: 'reject' },
        ],
      },
    });
  });

  it.each<[string, Partial<WecomButtonCard>, string]>([
    ['a task id with a space', { taskId: 'bad id' }, 'invalid_task_id'],
    ['a task id over 128 bytes', { taskId: 'a'.repeat(129) }, 'invalid_task_id'],
    ['no buttons', { buttons: [] }, 'invalid_buttons'],
    [
      'seven buttons',
      { buttons: Array.from({ length: 7 }, (_, i) => ({ key: `k${i}`, text: 't', style: 1 as const })) },
      'invalid_buttons',
    ],
    [
      'duplicate keys',
      {
        buttons: [
          { key: 'k', text: 'a', style: 1 },
          { key: 'k', text: 'b', style: 1 },
        ],
      },
      'invalid_buttons',
    ],
    ['a javascript: link', { url: 'javascript:alert(1)' }, 'invalid_url'],
    ['a link over 2048 bytes', { url: `https://x.example/${'a'.repeat(2040)}` }, 'invalid_url'],
    ['no recipients', { touser: [] }, 'invalid_recipients'],
    ['a recipient containing |', { touser: ['a|b'] }, 'invalid_recipients'],
  ])('refuses %s before sending', (_what, change, code) => {
    expect(codeOf(() => toButtonCardBody({ ...CARD, ...change }))).toBe(code);
  });

  it('cuts textcard fields to their byte limits and btntxt to 4 characters', () => {
    const body = toTextCardBody({
      ...CARD,
      title: '审'.repeat(50),
      description: 'd',
      btntxt: '查看稿件详情',
    });
    expect(body['textcard']).toMatchObject({ title: `${'审'.repeat(41)}…`, btntxt: '查看稿…' });
  });
});

describe('text limits', () => {
  it('cuts UTF-8 on a character boundary and keeps short text as is', () => {
    expect(truncateUtf8('abc', 3)).toBe('abc');
    expect(truncateUtf8('审签审签', 9)).toBe('审签…'); // 6 bytes + the 3-byte ellipsis
    expect(Buffer.byteLength(truncateUtf8('😀'.repeat(10), 10))).toBeLessThanOrEqual(10);
  });

  it('counts characters by code point, so emoji are not split', () => {
    expect(truncateCharacters('😀😀😀', 3)).toBe('😀😀😀');
    expect(truncateCharacters('😀😀😀😀', 3)).toBe('😀😀…');
  });
});
