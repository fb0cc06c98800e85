/** The WeChat account the publishing tests publish to (`wechat:崇川发布`), and a draft that targets only it. */
export const WECHAT_ACCOUNT = { appid: 'wx0123456789abcdef', secret: 'chongchuan-app-secret' };

export const WECHAT_DRAFT = {
  title: '亲子阅读活动通知',
  body: '本周六上午九点在区图书馆举办亲子阅读活动，欢迎家长带孩子参加。',
  kind: 'original',
  targets: ['wechat:崇川发布'],
};
