import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deskAgent } from '../../helpers/desk-agent.js';
import { startReviewApp, type Auth, type ReviewApp } from '../../helpers/review-app.js';

/** The monitor's dashboard served on the desk (issue 13 point 5): its exports work on the desk's session. */
describe('the monitor dashboard on the desk', () => {
  let t: ReviewApp;
  let admin: Auth;

  beforeAll(async () => {
    t = await startReviewApp();
    admin = await t.person('管理员', ['admin']);
  });
  afterAll(() => t.close());

  it('links its XLSX export to a desk route that answers on the session, with the desk nav', async () => {
    const { agent } = await deskAgent(t, admin);
    const page = await agent.get('/d/monitor?period=2026Q4');
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/aria-current="page"[^>]*>管理/);
    const href = /href="([^"]*\/d\/monitor\/export[^"]*format=xlsx)"/.exec(page.text)?.[1];
    expect(href).toBeDefined();
    const file = await agent.get(href!.replaceAll('&amp;', '&')).buffer(true);
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toContain('spreadsheetml');
  });

  it('refuses the export to someone who is not an admin', async () => {
    const reviewer = await t.person('李四', ['reviewer']);
    const { agent } = await deskAgent(t, reviewer);
    expect((await agent.get('/d/monitor/export?period=2026Q4&format=xlsx')).status).toBe(403);
  });
});
