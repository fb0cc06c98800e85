/**
 * What one webhook notification costs the sender: N sends through the real WebhookNotifier (payload, HMAC,
 * egress guard, HTTP) to a loopback receiver in another process, 8 in flight like the notification worker.
 * The fetch-based transport it replaced and fetchWithDeadline (undici's request) run in the same process,
 * alternating rounds, so load on the shared machine hits both alike. Run: npm run bench:notify
 * (NOTIFY_N=5000 sends per transport and round, NOTIFY_ROUNDS=2).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { fetchWithDeadline, type HttpTransport } from '../src/adapters/notifications/notification-http.js';
import { WebhookNotifier } from '../src/adapters/notifications/webhook/webhook-notifier.js';
import { fetchTransport } from './notify/fetch-transport.js';
import { ownCpuMs } from './publish/measure.js';

const SENDS = Number(process.env.NOTIFY_N ?? 5_000);
const ROUNDS = Number(process.env.NOTIFY_ROUNDS ?? 2);
const IN_FLIGHT = 8; // the notification worker's concurrency
const MESSAGE = {
  title: '待审签：关于开展2026年秋季征兵工作的通告',
  description: '重要稿件（第2版），等待您在「签发」环节审签',
  url: 'https://qianfa.example.gov.cn/m/review/tok_3f9a1c2b7d',
  event: 'review_awaiting',
  draft: 'Xr3kP9',
  version: 2,
  stage: 'sign',
  stageName: '签发',
  org: 'nantong-gov',
  orgName: '南通市人民政府办公室',
} as const;

const TRANSPORTS: Record<string, HttpTransport> = {
  'fetch (before)': fetchTransport,
  'undici request': fetchWithDeadline,
};

interface Tally {
  sends: number;
  wallMs: number;
  cpuMs: number;
  /** TCP connections the receiver accepted. */
  connections: number;
}

interface ReceiverCounts {
  requests: number;
  connections: number;
}

interface ReceiverProcess {
  url: string;
  counts(): Promise<ReceiverCounts>;
  stop(): void;
}

async function startReceiverProcess(): Promise<ReceiverProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/notify/receiver.ts'], {
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const [url] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
  const counts = async () => {
    const answer = once(child, 'message');
    child.send('counts');
    return ((await answer) as [ReceiverCounts])[0];
  };
  return { url, counts, stop: () => child.disconnect() };
}

/** `count` sends with IN_FLIGHT at a time; its wall time, this process's CPU and the connections opened. */
async function sendMany(notifier: WebhookNotifier, receiver: ReceiverProcess, count: number): Promise<Tally> {
  const { url } = receiver;
  const address = { channel: 'webhook', url, secret: 'whsec-wangwu-7f3a9c' } as const;
  let next = 0;
  const lane = async () => {
    while (next < count) {
      next += 1;
      await notifier.send(address, MESSAGE);
    }
  };
  const before = await receiver.counts();
  const [wallStart, cpuStart] = [performance.now(), ownCpuMs()];
  await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
  const [wallMs, cpuMs] = [performance.now() - wallStart, ownCpuMs() - cpuStart];
  const after = await receiver.counts();
  if (after.requests - before.requests !== count) throw new Error('the receiver did not get every send');
  return { sends: count, wallMs, cpuMs, connections: after.connections - before.connections };
}

const receiver = await startReceiverProcess();
const notifiers = Object.entries(TRANSPORTS).map(
  ([name, transport]) => [name, new WebhookNotifier({ allowHosts: ['127.0.0.1'], transport })] as const,
);
const zero: Tally = { sends: 0, wallMs: 0, cpuMs: 0, connections: 0 };
const tallies = new Map<string, Tally>(notifiers.map(([name]) => [name, zero]));
for (const [, notifier] of notifiers) await sendMany(notifier, receiver, 500); // the JIT warm
for (let round = 0; round < ROUNDS; round += 1) {
  for (const [name, notifier] of round % 2 === 0 ? notifiers : [...notifiers].reverse()) {
    // Connections idle for 4 s (undici's keep-alive) during the other transport's round: reopen them untimed.
    await sendMany(notifier, receiver, IN_FLIGHT * 4);
    const tally = await sendMany(notifier, receiver, SENDS);
    const sum = tallies.get(name)!;
    tallies.set(name, {
      sends: sum.sends + tally.sends,
      wallMs: sum.wallMs + tally.wallMs,
      cpuMs: sum.cpuMs + tally.cpuMs,
      connections: sum.connections + tally.connections,
    });
  }
}
receiver.stop();

const load = loadavg()
  .map((value) => value.toFixed(2))
  .join(' ');
console.log(
  `webhook sends: ${ROUNDS} × ${SENDS} per transport, ${IN_FLIGHT} in flight; load average ${load}`,
);
console.log('| transport | sends/s | CPU ms per send | new connections |\n|---|---:|---:|---:|');
const perSend = new Map<string, number>();
for (const [name, { sends, wallMs, cpuMs, connections }] of tallies) {
  perSend.set(name, cpuMs / sends);
  const rate = Math.round((sends * 1000) / wallMs);
  console.log(`| ${name} | ${rate} | ${(cpuMs / sends).toFixed(3)} | ${connections} |`);
}
const [before, after] = [...perSend.values()];
console.log(`CPU per send, before ÷ after: ${(before! / after!).toFixed(1)}×`);
