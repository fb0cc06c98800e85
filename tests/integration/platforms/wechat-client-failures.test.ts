import { runClientFailureContract } from './client-failure-contract.js';
import { ACCOUNT, prepareDraft, startFakeWechat, wechatClientFor } from './wechat-test-setup.js';

runClientFailureContract({
  name: 'WechatClient.submitPublish',
  async start() {
    const server = await startFakeWechat();
    const { token, draftMediaId } = await prepareDraft(wechatClientFor(server));
    return {
      call: (timeoutMs) => wechatClientFor(server, timeoutMs).submitPublish(token, draftMediaId),
      injectFault: (fault, schedule) => server.faults.add('/cgi-bin/freepublish/submit', fault, schedule),
      expireToken: () => server.expireTokens(ACCOUNT.appid),
      callCount: () => server.callCount('/cgi-bin/freepublish/submit'),
      close: () => server.close(),
    };
  },
  expiredToken: { code: 42001, kind: 'token', explanation: /access_token.*已过期/ },
  rateLimit: { code: 45009, kind: 'transient', explanation: /今日上限/ },
  busy: { code: -1, kind: 'transient', explanation: /繁忙/ },
  contentRejected: { code: 53503, kind: 'permanent', explanation: /未通过微信发布前检查/ },
});
