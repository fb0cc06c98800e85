/** What people are told when they cannot be let in. */
export const AUTH_TEXT = {
  unauthenticated:
    '未登录或令牌无效：请在请求头加上 Authorization: Bearer <令牌>。令牌遗失或失效时，请管理员重新签发。',
  tooManyFailures: (seconds: number) =>
    `认证失败次数过多，来自该地址的请求已暂停：请 ${minutesOf(seconds)} 后再试；令牌或链接失效时请向管理员索取新的。`,
  // Organisation-scoped administration (issue 14, point 6).
  notAnAdmin: '该操作需要“管理员”或“系统管理员”角色，您的账号没有这些角色。',
  otherOrganisation: (org: string) =>
    `您只能管理本单位：“${org}”不是您的单位。跨单位的管理请联系系统管理员。`,
  grantInstallationAdmin: '只有系统管理员才能授予“系统管理员”角色。',
};

function minutesOf(seconds: number): string {
  return seconds < 60 ? `${seconds} 秒` : `${Math.ceil(seconds / 60)} 分钟`;
}
