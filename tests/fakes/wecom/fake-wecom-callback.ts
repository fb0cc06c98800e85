import { randomBytes, randomInt } from 'node:crypto';
import { encrypt, getSignature } from '@wecom/crypto';

/** The app's receive-URL settings, shared by WeCom and the receiver. */
export interface WecomCallbackSecrets {
  readonly token: string;
  readonly encodingAESKey: string;
  readonly corpid: string;
}

export interface ButtonClick extends WecomCallbackSecrets {
  readonly callbackUrl: string;
  readonly userId: string;
  readonly taskId: string;
  readonly eventKey: string;
  /** Default a random one (FakeWecomServer.clickButton passes one it will honour). */
  readonly responseCode?: string;
  readonly agentid?: number;
  /** CreateTime and the query timestamp; default now. */
  readonly at?: Date;
}

export interface EncryptedCallback {
  /** msg_signature, timestamp, nonce: what WeCom appends to the receive URL. */
  readonly query: URLSearchParams;
  /** `<xml><ToUserName/><AgentID/><Encrypt/></xml>`. */
  readonly body: string;
}

/** A random EncodingAESKey: 43 base64 characters (32 bytes without the trailing "="). */
export function randomEncodingAESKey(): string {
  return randomBytes(32).toString('base64').slice(0, 43);
}

/** The decrypted XML of a template_card_event, field for field as WeCom sends it (facts §3.2). */
export function templateCardEventXml(
  click: Omit<ButtonClick, 'callbackUrl' | 'token' | 'encodingAESKey'>,
): string {
  const createTime = Math.floor((click.at ?? new Date()).getTime() / 1000);
  return (
    `<xml><ToUserName>${cdata(click.corpid)}</ToUserName><FromUserName>${cdata(click.userId)}</FromUserName>` +
    `<CreateTime>${createTime}</CreateTime><MsgType>${cdata('event')}</MsgType>` +
    `<Event>${cdata('template_card_event')}</Event><EventKey>${cdata(click.eventKey)}</EventKey>` +
    `<TaskId>${cdata(click.taskId)}</TaskId><CardType>${cdata('button_interaction')}</CardType>` +
    `<ResponseCode>${cdata(click.responseCode ?? randomBytes(24).toString('base64url'))}</ResponseCode>` +
    `<AgentID>${click.agentid ?? 1000002}</AgentID></xml>`
  );
}

/** Encrypts and signs a plaintext message exactly as WeCom does (facts §1.8, §3.4), with @wecom/crypto. */
export function encryptCallback(
  secrets: WecomCallbackSecrets,
  plaintextXml: string,
  options: { readonly at?: Date; readonly agentid?: number } = {},
): EncryptedCallback {
  const ciphertext = encrypt(secrets.encodingAESKey, plaintextXml, secrets.corpid);
  const timestamp = String(Math.floor((options.at ?? new Date()).getTime() / 1000));
  const nonce = String(randomInt(1_000_000_000, 9_999_999_999));
  const signature = getSignature(secrets.token, timestamp, nonce, ciphertext);
  const query = new URLSearchParams({ msg_signature: signature, timestamp, nonce });
  const body =
    `<xml><ToUserName>${cdata(secrets.corpid)}</ToUserName>` +
    `<AgentID>${cdata(String(options.agentid ?? 1000002))}</AgentID>` +
    `<Encrypt>${cdata(ciphertext)}</Encrypt></xml>`;
  return { query, body };
}

/** POSTs a signed, encrypted template_card_event to the receive URL, as WeCom does after a tap. */
export async function clickButton(click: ButtonClick): Promise<Response> {
  const options = {
    ...(click.at === undefined ? {} : { at: click.at }),
    ...(click.agentid === undefined ? {} : { agentid: click.agentid }),
  };
  const callback = encryptCallback(click, templateCardEventXml(click), options);
  return fetch(withQuery(click.callbackUrl, callback.query), {
    method: 'POST',
    headers: { 'content-type': 'text/xml; charset=utf-8' },
    body: callback.body,
  });
}

/** The GET WeCom sends when an admin saves the receive URL; the receiver must answer `echo` as the body. */
export function urlVerificationQuery(
  secrets: WecomCallbackSecrets,
  echo = randomBytes(8).toString('hex'),
): { readonly query: URLSearchParams; readonly echo: string } {
  const echostr = encrypt(secrets.encodingAESKey, echo, secrets.corpid);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = String(randomInt(1_000_000_000, 9_999_999_999));
  const signature = getSignature(secrets.token, timestamp, nonce, echostr);
  return { query: new URLSearchParams({ msg_signature: signature, timestamp, nonce, echostr }), echo };
}

/** Runs the URL check against a receiver: its answer and the plaintext it should have echoed. */
export async function verifyCallbackUrl(
  secrets: WecomCallbackSecrets & { readonly callbackUrl: string },
): Promise<{ readonly response: Response; readonly echo: string }> {
  const { query, echo } = urlVerificationQuery(secrets);
  return { response: await fetch(withQuery(secrets.callbackUrl, query)), echo };
}

function withQuery(url: string, query: URLSearchParams): URL {
  const target = new URL(url);
  for (const [name, value] of query) target.searchParams.set(name, value);
  return target;
}

/** CDATA, with "]]>" split so a value cannot end the section early. */
function cdata(value: string): string {
  return `<![CDATA[${value.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}
