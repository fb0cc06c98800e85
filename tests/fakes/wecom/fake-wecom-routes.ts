import { PlatformRefusal, type FakeReply, type FakeRequest } from '../fake-http-server.js';
import type { WecomCardDesk } from './fake-wecom-cards.js';
import { isObject, readMessageContent } from './fake-wecom-content.js';
import { wecomJson } from './fake-wecom-errmsgs.js';
import type { WecomOutbox } from './fake-wecom-outbox.js';
import type { FakeWecomApp, WecomTokenPool } from './fake-wecom-tokens.js';
import type { WecomSignInDesk } from './fake-wecom-sign-in.js';

export const WECOM_ENDPOINTS = [
  '/cgi-bin/gettoken',
  '/cgi-bin/message/send',
  '/cgi-bin/message/update_template_card',
  '/cgi-bin/auth/getuserinfo',
  '/connect/oauth2/authorize',
  '/wwlogin/sso/login',
] as const;

export type WecomEndpoint = (typeof WECOM_ENDPOINTS)[number];

export interface WecomFakeState {
  readonly apps: FakeWecomApp[];
  readonly tokens: WecomTokenPool;
  readonly outbox: WecomOutbox;
  readonly cards: WecomCardDesk;
  readonly signIn: WecomSignInDesk;
}

type Json = Record<string, unknown>;

/** Routes one request as WeCom would: method, token, agentid, then the endpoint. */
export function handleWecomRequest(state: WecomFakeState, request: FakeRequest): FakeReply {
  if (request.path === '/cgi-bin/gettoken') {
    const { query } = request;
    return wecomJson(state.tokens.issue(state.apps, query.get('corpid'), query.get('corpsecret')));
  }
  if (request.path === '/cgi-bin/message/send') return wecomJson(sendMessage(state, request));
  if (request.path === '/cgi-bin/message/update_template_card') {
    const app = authenticate(state, request);
    return wecomJson({ errcode: 0, errmsg: 'ok', ...state.cards.update(app, readJson(request)) });
  }
  if (request.path === '/cgi-bin/auth/getuserinfo')
    return wecomJson(state.signIn.userInfo(state.tokens, request));
  if (request.path === '/connect/oauth2/authorize') return state.signIn.authorize(request, 'oauth');
  if (request.path === '/wwlogin/sso/login') return state.signIn.authorize(request, 'qr');
  return { status: 404, body: 'Not Found', contentType: 'text/html' };
}

function sendMessage(state: WecomFakeState, request: FakeRequest): Json {
  const app = authenticate(state, request);
  const body = readJson(request);
  if (body['agentid'] === undefined) throw new PlatformRefusal(41011);
  if (body['agentid'] !== app.agentid) throw new PlatformRefusal(40056);
  const content = readMessageContent(body);
  if (content.taskId !== undefined) state.cards.checkNewTask(app, content.taskId);
  const message = state.outbox.accept(app, body, content);
  const responseCode =
    message.taskId === undefined ? undefined : state.cards.register({ ...message, taskId: message.taskId });
  return {
    errcode: 0,
    errmsg: 'ok',
    invaliduser: message.invalidUsers.join('|'),
    invalidparty: '',
    invalidtag: '',
    msgid: message.msgid,
    ...(responseCode === undefined ? {} : { response_code: responseCode }),
  };
}

/** Business calls are POST with ?access_token= of one app. */
function authenticate(state: WecomFakeState, request: FakeRequest): FakeWecomApp {
  if (request.method !== 'POST') throw new PlatformRefusal(40058, 'POST required');
  return state.tokens.resolve(request.query.get('access_token'));
}

function readJson(request: FakeRequest): Json {
  let parsed: unknown;
  try {
    parsed = JSON.parse(request.body.toString('utf8'));
  } catch {
    throw new PlatformRefusal(40058, 'invalid json');
  }
  if (!isObject(parsed)) throw new PlatformRefusal(40058, 'invalid json');
  return parsed;
}
