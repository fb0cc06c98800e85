import { SandboxPlatforms } from '../../adapters/platforms/sandbox/sandbox-platforms.js';
import { platformBaseSet, sandboxConfig } from '../../config/sandbox-config.js';
import { sandboxApp } from '../../http/routes/sandbox-routes.js';
import { showSandboxBanner } from '../../pages/page-layout.js';
import { closeOnSignal, startServer, type AssembledService } from '../../server.js';
import { DEMO, seedDemo } from '../../services/sandbox-demo-service.js';
import { CommandExit, configOf, EXIT, type CommandIo } from './command-support.js';

/** Refuses, before anything starts, an environment that points a platform base anywhere. */
function refusePlatformBases(io: CommandIo): void {
  const set = io.env ? platformBaseSet(io.env) : platformBaseSet();
  if (!set) return;
  throw new CommandExit(
    `沙盒模式不能连接真实平台：${set.key} 指向 ${set.value}。沙盒只使用内置的模拟微信、微博，请去掉该设置后再启动。`,
    EXIT.config,
  );
}

/**
 * `qianfa serve --sandbox` (`npm run demo`): the service in one process with simulated WeChat and Weibo beside
 * it, its own data, the demo organisation seeded, every page and answer marked; until SIGINT or SIGTERM.
 */
export async function serveSandbox(io: CommandIo): Promise<void> {
  refusePlatformBases(io);
  const config = configOf(io);
  const platforms = await new SandboxPlatforms().start();
  try {
    platforms.addWechatAccount({ ...DEMO.wechat });
    platforms.addWeiboAccount({ ...DEMO.weibo, screenName: DEMO.weibo.name });
    showSandboxBanner();
    let publicUrl = config.notifications.publicUrl ?? '';
    const starting = startServer(sandboxConfig(config, platforms.bases), io.stdout, {
      wrap: (app) =>
        sandboxApp(
          app,
          () => platforms.records(),
          () => publicUrl,
        ),
      started: (url, assembled) => {
        publicUrl ||= url;
        return demoText(publicUrl, assembled);
      },
    });
    await closeOnSignal(starting, io.stdout);
  } finally {
    await platforms.close();
  }
}

/** Seeds the demo organisation (idempotent) and says how to use it: a login link and a token per person. */
async function demoText(url: string, assembled: AssembledService): Promise<string> {
  const seeded = await seedDemo(assembled.services);
  const lines = [
    '沙盒演示（SANDBOX）：微信、微博均为本进程内的模拟平台，数据与正式环境分开保存。',
    `演示单位：${DEMO.org.name}（${DEMO.org.slug}）。各角色的登录链接（仅可使用一次，每次启动重新生成）：`,
    ...seeded.map(
      ({ person, label }) => `  ${label} ${person.name}：${url}${assembled.services.desk.loginPath(person)}`,
    ),
    `链接用过后，也可在 ${url}/d/login 用单位 ${DEMO.org.slug}、姓名和沙盒密码 ${DEMO.password} 登录。`,
    '各角色的 API 令牌（仅限沙盒，每次启动重新签发）：',
    ...seeded.map(({ person, token }) => `  ${person.name}：${token}`),
    `模拟平台收到的内容：${url}/sandbox`,
    '',
  ];
  return lines.join('\n');
}
