/**
 * The benchmark's organisations and people, set up through the admin REST API (docs/service.md), and a
 * sample submission.
 */

export interface Staff {
  org: string;
  drafter: string;
  reviewers: string[];
  editors: string[];
}

/** POST with the admin token; throws on anything but the expected status, with the answer's text. */
async function post(url: string, token: string, body: unknown, expected = 201): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status !== expected) throw new Error(`POST ${url}: ${response.status} ${text}`);
  return JSON.parse(text) as unknown;
}

async function addPerson(base: string, admin: string, org: string, name: string, roles: string[]) {
  const person = (await post(`${base}/api/orgs/${org}/people`, admin, { name, roles })) as { token: string };
  return person.token;
}

/**
 * Gives each person a webhook channel to `url` (a loopback receiver), so every notification is really fanned
 * out, minted and sent (the service must allow the host: QIANFA_WEBHOOK_ALLOW_HOSTS).
 */
export async function giveWebhooks(base: string, tokens: readonly string[], url: string): Promise<void> {
  for (const token of tokens) {
    const response = await fetch(`${base}/api/me/channels`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ webhook: { url, secret: 'bench-webhook-secret-0123' } }),
    });
    if (!response.ok) throw new Error(`PUT /api/me/channels: ${response.status} ${await response.text()}`);
  }
}

/** One organisation with a drafter, `reviewers` reviewers and `editors` editors; their tokens. */
export async function setUpOrg(
  base: string,
  admin: string,
  org: string,
  counts: { reviewers: number; editors: number },
): Promise<Staff> {
  await post(`${base}/api/orgs`, admin, { slug: org, name: `基准测试单位${org}` });
  const numbered = (prefix: string, count: number) =>
    Array.from({ length: count }, (_, i) => `${prefix}${String(i + 1).padStart(2, '0')}`);
  const drafter = await addPerson(base, admin, org, '拟稿人', ['drafter']);
  const reviewers: string[] = [];
  for (const name of numbered('审核人', counts.reviewers)) {
    reviewers.push(await addPerson(base, admin, org, name, ['reviewer']));
  }
  const editors: string[] = [];
  for (const name of numbered('编辑', counts.editors)) {
    editors.push(await addPerson(base, admin, org, name, ['editor']));
  }
  return { org, drafter, reviewers, editors };
}

/**
 * Adds a WeChat account to `org` and answers its target (`wechat:NAME`). The credentials are made up: nothing
 * the benchmark submits is approved, so nothing calls WeChat.
 */
export async function addWeChatAccount(
  base: string,
  admin: string,
  org: string,
  name: string,
): Promise<string> {
  const account = {
    platform: 'wechat',
    name,
    appid: 'wx0123456789abcdef',
    secret: '0123456789abcdef0123456789abcdef',
  };
  await post(`${base}/api/orgs/${org}/accounts`, admin, account);
  return `wechat:${name}`;
}

/** Submits one notice with fetch: it must be in review, not blocked. */
export async function sampleSubmission(base: string, token: string, body: string): Promise<string> {
  const response = await fetch(`${base}/api/drafts`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body,
  });
  const text = await response.text();
  const draft = JSON.parse(text) as { status: string; grade: string; findings: unknown[] };
  if (response.status !== 201 || draft.status !== 'in_review') {
    throw new Error(`sample submission answered ${response.status} ${text.slice(0, 500)}`);
  }
  const { status, grade, findings } = draft;
  return `${response.status} ${status}, grade ${grade}, ${findings.length} findings, answer ${Buffer.byteLength(text)} bytes`;
}
