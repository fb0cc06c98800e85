import request from 'supertest';
import { expect } from 'vitest';
import type { Auth, ReviewApp } from './review-app.js';

/** A browser without script logged in on the desk as `who` (by a login link), and the form token its pages carry. */
export async function deskAgent(t: ReviewApp, who: Auth) {
  const agent = request.agent(t.app);
  const person = (await t.people.getPerson(who.id))!;
  expect((await agent.get(t.desk.loginPath(person))).status).toBe(303);
  const page = await agent.get('/d/sessions');
  const csrf = /csrf=([^"&]+)/.exec(page.text)?.[1] ?? '';
  expect(csrf).not.toBe('');
  return { agent, csrf: decodeURIComponent(csrf) };
}
