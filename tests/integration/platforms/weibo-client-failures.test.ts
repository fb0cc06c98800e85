import { runClientFailureContract } from './client-failure-contract.js';
import { RIP, startFakeWeibo, validStatus, WEIBO_ACCOUNT, weiboClientFor } from './weibo-test-setup.js';

runClientFailureContract({
  name: 'WeiboClient.share',
  async start() {
    const server = await startFakeWeibo();
    let posts = 0;
    return {
      call: (timeoutMs) => {
        posts += 1;
        return weiboClientFor(server, timeoutMs).share(WEIBO_ACCOUNT.token, {
          status: validStatus(posts),
          rip: RIP,
        });
      },
      injectFault: (fault, schedule) => server.faults.add('/2/statuses/share.json', fault, schedule),
      expireToken: () => server.expireToken(WEIBO_ACCOUNT.token),
      callCount: () => server.callCount('/2/statuses/share.json'),
      close: () => server.close(),
    };
  },
  expiredToken: { code: 21327, kind: 'token', explanation: /令牌已过期/ },
  rateLimit: { code: 10023, kind: 'transient', explanation: /过于频繁/ },
  busy: { code: 10001, kind: 'transient', explanation: /系统错误/ },
  contentRejected: { code: 20021, kind: 'permanent', explanation: /违规内容/ },
});
