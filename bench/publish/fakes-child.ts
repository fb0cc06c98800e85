/**
 * The platform fakes of a publish drain in a process of their own (started by startFakesProcess), so that their
 * CPU is measured apart from the worker's and an in-process worker does not share its event loop with them.
 * Argument: the latency of every platform call in ms. Answers `counts` requests over the IPC channel.
 */
import { WEIBO_ENDPOINTS } from '../../tests/fakes/fake-weibo-server.js';
import { WECHAT_ENDPOINTS } from '../../tests/fakes/wechat/fake-wechat-routes.js';
import { fakeUrls, startFakes, WECHAT, WEIBO } from './harness.js';
import type { FakeCounts, FakesReply, FakesRequest } from './remote-fakes.js';

const fakes = await startFakes(Number(process.argv[2]));

function counts(): FakeCounts {
  const calls: [string, number][] = [
    ...WECHAT_ENDPOINTS.map((endpoint): [string, number] => [endpoint, fakes.wechat.callCount(endpoint)]),
    ...WEIBO_ENDPOINTS.map((endpoint): [string, number] => [endpoint, fakes.weibo.callCount(endpoint)]),
  ];
  return {
    wechatPublished: fakes.wechat.publishedCount(WECHAT.appid),
    weiboPosted: fakes.weibo.postCount(WEIBO.uid),
    calls,
  };
}

const send = (reply: FakesReply) => process.send?.(reply);
process.on('message', (request: FakesRequest) => {
  if (request.type === 'counts') send({ type: 'counts', id: request.id, counts: counts() });
  else void fakes.close().then(() => process.disconnect());
});
send({ type: 'ready', urls: fakeUrls(fakes) });
