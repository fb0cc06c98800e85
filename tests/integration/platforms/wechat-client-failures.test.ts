import { runClientFailureContract } from './client-failure-contract.js';
import { ACCOUNT, article, prepareDraft, startFakeWechat, wechatClientFor } from './wechat-test-setup.js';

runClientFailureContract({
  name: 'WechatClient.submitPublish',
  async start() {
    const server = await startFakeWechat();
    const client = wechatClientFor(server);
    const { token, thumbMediaId, draftMediaId } = await prepareDraft(client);
    // A draft of its own for each call, made before anything is injected: the fake takes a submitted draft out of
    // the draft box once it has published it, after a delay of its own, so resubmitting one draft raced with that
    // (and lost on loaded machines).
    const drafts = [draftMediaId];
    for (let more = 0; more < 2; more++) drafts.push(await client.addDraft(token, [article(thumbMediaId)]));
    return {
      call: (timeoutMs) =>
        wechatClientFor(server, timeoutMs).submitPublish(token, drafts.shift() ?? draftMediaId),
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
