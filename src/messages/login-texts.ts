import type { LoginError } from '../services/login-service.js';

/** What the desk's login pages, its session list and password changes say (issue 12 point 1). */
export const LOGIN_TEXT = {
  title: '登录',
  org: '单位标识',
  orgHint: '例如 nantong，管理员添加您时告知。',
  name: '姓名',
  password: '密码',
  submit: '登录',
  wecom: '企业微信登录',
  failed: '单位、姓名或密码不正确，请核对后重试。',
  locked: (minutes: number) =>
    `该账号连续登录失败次数过多，已暂时锁定：请 ${minutes} 分钟后再试。忘记密码请联系本单位管理员重设。`,
  formExpired: '登录页面已过期，请刷新后重新输入。',
  loggedOut: '您已退出登录。',
  sessionsTitle: '我的登录会话',
  sessionsIntro: '以下设备或浏览器正登录着您的账号。不认识的会话请立即结束，并修改密码。',
  current: '（当前会话）',
  endSession: '结束此会话',
  logout: '退出登录',
  methods: { password: '密码登录', link: '登录链接', wecom: '企业微信' },
  reviewLinkRevoked:
    '您的账号已停用或凭据已重新签发，此前发出的审签链接均已失效。如仍需处理稿件，请登录后在待办中打开。',
  linkUsed: '该登录链接已使用过或已失效：登录链接只能使用一次。请重新索取，或用密码登录。',
  wecomFailed: '企业微信登录未完成：请返回重新扫码或在企业微信内打开。',
  wecomUnknown:
    '您的企业微信账号尚未关联本系统的人员，请联系本单位管理员在“通知方式”中填写您的企业微信账号。',
  wecomNotConfigured: '本系统尚未配置企业微信登录，请用密码登录。',
} as const;

export function loginErrorMessage(error: LoginError): string {
  switch (error.code) {
    case 'password_too_short':
      return `密码太短：至少 ${error.min} 个字符。建议使用一句好记的话，不要与其他网站相同。`;
    case 'password_too_long':
      return `密码太长：最多 ${error.max} 个字符。`;
    case 'wrong_password':
      return '当前密码不正确，密码未修改。';
    case 'session_not_found':
      return `没有编号为“${error.handle}”的登录会话，可能已结束或已过期。`;
  }
}
