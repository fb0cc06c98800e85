import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config/load-config.js';
import { createApp } from '../../../src/http/create-app.js';
import { imageHostsWith } from '../../../src/pages/image-hosts.js';
import { as, PUBLIC_URL, startReviewApp, type ReviewApp } from '../../helpers/review-app.js';

const OWN = 'https://img.example.gov.cn/a.png';
const SUBDOMAIN = 'https://cdn.media.gov.cn/b.png';
const TRACKER = 'https://tracker.example.com/pixel.gif';
const BODY = `<p>正文</p><img src="${OWN}"><img src="${SUBDOMAIN}"><img src="${TRACKER}">`;

describe('configured image hosts (QIANFA_IMAGE_HOSTS)', () => {
  let t: ReviewApp;
  let path: string;

  beforeAll(async () => {
    t = await startReviewApp();
    const drafter = await t.person('张三', ['drafter']);
    const reviewer = await t.person('李四', ['reviewer']);
    const draft = { title: '图片测试', body: BODY, format: 'html', kind: 'original' };
    const id = ((await as(t.app, drafter).post('/api/drafts', draft)).body as { id: string }).id;
    const person = (await t.people.getPerson(reviewer.id))!;
    const found = await t.review.get(person, id);
    if (!found.ok) throw new Error('no draft');
    path = new URL(t.links.issue(person, found.value).url).pathname;
  });
  afterAll(() => t.close());

  it('are validated: hosts or *.domain, no scheme, port or path', () => {
    const hosts = loadConfig({ QIANFA_IMAGE_HOSTS: ' IMG.example.gov.cn, *.media.gov.cn ' }).imageHosts;
    expect(hosts).toEqual(['img.example.gov.cn', '*.media.gov.cn']);
    expect(loadConfig({}).imageHosts).toEqual([]);
    for (const bad of [
      'https://img.example.gov.cn',
      'img.example.gov.cn:8080',
      'img.example.gov.cn/x',
      '*',
    ]) {
      expect(() => loadConfig({ QIANFA_IMAGE_HOSTS: bad }), bad).toThrow(ConfigError);
    }
  });

  it('show images from them on the review page and list them in img-src; others stay placeholders', async () => {
    const configured = loadConfig({ QIANFA_IMAGE_HOSTS: 'img.example.gov.cn,*.media.gov.cn' }).imageHosts;
    const pages = { ...t, publicUrl: () => PUBLIC_URL, imageHosts: imageHostsWith(configured) };
    const app = createApp({ ...t, pages, ping: () => Promise.resolve(true) });
    const page = await request(app).get(path);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`<img src="${OWN}"`);
    expect(page.text).toContain(`<img src="${SUBDOMAIN}"`);
    expect(page.text).not.toMatch(/<img[^>]*tracker/);
    expect(page.text).toContain(`〔图片未显示：不在平台图片地址内 ${TRACKER}〕`);
    const csp = page.headers['content-security-policy'] ?? '';
    expect(csp).toContain('https://mmbiz.qpic.cn');
    expect(csp).toContain('https://img.example.gov.cn');
    expect(csp).toContain('https://*.media.gov.cn');
    expect(csp).not.toContain('tracker.example.com');
  });

  it('are not shown without the configuration', async () => {
    const page = await request(t.app).get(path);
    expect(page.text).not.toMatch(/<img[^>]*example\.gov\.cn/);
    expect(page.text).toContain(`〔图片未显示：不在平台图片地址内 ${OWN}〕`);
    expect(page.headers['content-security-policy']).not.toContain('example.gov.cn');
  });
});
