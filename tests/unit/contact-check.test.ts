import { describe, expect, it } from 'vitest';
import type { CheckContext, FieldScan } from '../../src/domain/checks/check-context.js';
import { checkContacts } from '../../src/domain/checks/contact-check.js';
import { buildFieldView } from '../../src/domain/text/field-view.js';

function scanOf(field: 'title' | 'body', text: string): FieldScan {
  return { field, original: text, view: buildFieldView(text, 'text'), matches: [] };
}

/** The contact findings of a body as [rule, text]. */
function contacts(body: string): Array<[string, string]> {
  const context = {
    draft: { title: '', body, format: 'text' },
    scope: {},
    title: scanOf('title', ''),
    body: scanOf('body', body),
  } as unknown as CheckContext;
  return checkContacts(context).map((finding) => {
    expect([finding.category, finding.action, finding.field]).toEqual(['ad', 'block', 'body']);
    return [finding.rule, finding.text];
  });
}

describe('contact hooks, sales hotlines and QR calls to action', () => {
  it.each([
    ['ad:contact-hook', '详情加ＶＸ：ａｂｃ１２３咨询', '加ＶＸ：ａｂｃ１２３'],
    ['ad:contact-hook', '加 V\u200bX: wang88', '加 V\u200bX: wang88'],
    ['ad:contact-hook', '薇信 abc 123', '薇信 abc 123'],
    ['ad:contact-hook', '威信：kefu2025', '威信：kefu2025'],
    ['ad:contact-hook', '加薇：meimei888', '加薇：meimei888'],
    ['ad:contact-hook', '扣扣：1234 5678', '扣扣：1234 5678'],
    ['ad:contact-hook', '企鹅号 88886666', '企鹅号 88886666'],
    ['ad:contact-hook', 'Q群：987654321', 'Q群：987654321'],
    ['ad:contact-hook', 'V信 dk2024', 'V信 dk2024'],
    ['ad:contact-hook', '购买优惠请加微信 abc123', '加微信 abc123'],
    ['ad:contact-hook', '兼职日结，QQ：12345678', 'QQ：12345678'],
    ['ad:contact-hook', '保证满分，报名加微 ty-manfen 领取体验课', '加微 ty-manfen'],
    ['ad:contact-hook', '买二送一，微信搜索 cw6699 添加好友领券', '微信搜索 cw6699'],
    [
      'ad:contact-hook',
      '开业大酬宾！旺铺出租，联系ＱＱ：２８７６５４３２１０。',
      'ＱＱ：２８７６５４３２１０',
    ],
    ['ad:sales-hotline', '订购热线 400-123-4567，优惠多多', '400-123-4567'],
    ['ad:sales-hotline', '特价促销，详询４００１２３４５６７', '４００１２３４５６７'],
    ['ad:sales-hotline', '全场优惠，订购请拨 9 5 1 2 3', '9 5 1 2 3'],
    ['ad:qr-call', '扫码进群领取优惠券', '扫码进群领取优惠券'],
    [
      'ad:qr-call',
      '长按识别下方二维码，添加客服领取50元无门槛优惠券',
      '长按识别下方二维码，添加客服领取50元无门槛优惠券',
    ],
    ['ad:qr-call', '长按识别二维码，进群领福利', '长按识别二维码，进群领福利'],
    ['ad:qr-call', '扫 一 扫，下单立享返现', '扫 一 扫，下单'],
    // A mark split by noise or written in traditional characters, and a field with nothing else to compact.
    ['ad:qr-call', '識 別二維碼，領紅包', '識 別二維碼，領紅包'],
    ['ad:qr-call', '长\u200b按二维码进群，领福利', '长\u200b按二维码进群，领福利'],
    ['ad:qr-call', '掃碼購買', '掃碼購買'],
  ])('%s in %s', (rule, body, text) => {
    expect(contacts(body)).toEqual([[rule, text]]);
  });

  it.each([
    '请关注崇川发布微信公众号（微信号：ccfb2020）。',
    '考生咨询QQ群：123456789，工作日9:00-17:00答疑。',
    '加强QQ、微信等即时通讯工具管理，2023年共处置有害信息1200条。',
    '图片地址 https://mmbiz.qpic.cn/mmbiz_jpg/x/640?wx_fmt=jpeg&wx_co=1',
    '访问 https://im.qq.com/12345678 下载客户端。',
    '王薇，2019年至今任区教育局副局长。',
    '关注企鹅号“崇川发布”。',
    '中国工商银行客服热线95588，全国统一客服400-820-0588。',
    '优惠政策兑现率同比增长95.5%，惠及企业95123户。',
    '促销活动期间共接待游客95000人次。',
    '1995年以来，我区享受优惠政策的企业逐年增加。',
    '市民可扫码预约挂号，也可扫码登记健康信息。',
    '长按识别二维码关注“崇川发布”。',
    '扫码领取电子消费券，扫码了解优惠政策。',
    '识，别二维码领红包',
  ])('leaves %s alone', (body) => {
    expect(contacts(body)).toEqual([]);
  });
});
