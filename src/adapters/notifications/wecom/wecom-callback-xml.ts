import { XMLParser } from 'fast-xml-parser';
import { z } from 'zod';

/** A click on a button_interaction card (facts §3.2, template_card_event). */
export interface WecomTemplateCardEvent {
  readonly type: 'template_card_event';
  /** FromUserName: the member who tapped. */
  readonly userId: string;
  readonly taskId: string;
  /** The tapped button's key. */
  readonly eventKey: string;
  /** Lets the app update this member's card once (update_template_card), within 72 h. */
  readonly responseCode: string;
  readonly cardType: string;
  readonly agentId: string;
  /** CreateTime. */
  readonly at: Date;
  /** FromUserName + CreateTime: WeCom retries a callback it got no answer to; de-duplicate on this. */
  readonly dedupeKey: string;
}

/** Any other message or event, with its fields as WeCom sent them. */
export interface WecomOtherCallback {
  readonly type: 'other';
  readonly msgType: string;
  readonly event?: string;
  readonly userId: string;
  readonly at: Date;
  readonly dedupeKey: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

export type WecomCallbackEvent = WecomTemplateCardEvent | WecomOtherCallback;

/** Values stay strings (ids and keys such as "0012" must not become numbers). */
const COMMON_OPTIONS = { ignoreAttributes: true, ignoreDeclaration: true, parseTagValue: false } as const;

/** The outer envelope is read before the signature is checked: no entity expansion for unchecked input. */
const envelopeParser = new XMLParser({ ...COMMON_OPTIONS, processEntities: false });
/** The decrypted message is authenticated; entities (&amp; …) are expanded within the library's limits. */
const messageParser = new XMLParser(COMMON_OPTIONS);

const envelope = z.object({ xml: z.object({ Encrypt: z.string().min(1) }) });

const message = z.object({
  xml: z
    .object({
      ToUserName: z.string(),
      FromUserName: z.string(),
      CreateTime: z.string().regex(/^\d+$/),
      MsgType: z.string(),
      Event: z.string().optional(),
    })
    .loose(),
});

const templateCardFields = z.object({
  EventKey: z.string(),
  TaskId: z.string(),
  CardType: z.string().default(''),
  ResponseCode: z.string(),
  AgentID: z.string().default(''),
});

/** `<xml><ToUserName/><AgentID/><Encrypt/></xml>` → the Encrypt value, or undefined when malformed. */
export function readEncryptedEnvelope(xml: string): string | undefined {
  const parsed = envelope.safeParse(parseOrUndefined(envelopeParser, xml));
  return parsed.success ? parsed.data.xml.Encrypt : undefined;
}

/** The decrypted XML as a typed event plus its addressee (ToUserName), or undefined when malformed. */
export function readCallbackMessage(xml: string): { toUser: string; event: WecomCallbackEvent } | undefined {
  const parsed = message.safeParse(parseOrUndefined(messageParser, xml));
  if (!parsed.success) return undefined;
  const fields = parsed.data.xml;
  const at = new Date(Number(fields.CreateTime) * 1000);
  const common = {
    userId: fields.FromUserName,
    at,
    dedupeKey: `${fields.FromUserName}:${fields.CreateTime}`,
  };
  if (fields.MsgType === 'event' && fields.Event === 'template_card_event') {
    const card = templateCardFields.safeParse(fields);
    if (!card.success) return undefined;
    const { EventKey, TaskId, CardType, ResponseCode, AgentID } = card.data;
    const event = {
      type: 'template_card_event',
      ...common,
      taskId: TaskId,
      eventKey: EventKey,
      responseCode: ResponseCode,
      cardType: CardType,
      agentId: AgentID,
    } as const;
    return { toUser: fields.ToUserName, event };
  }
  const other = {
    type: 'other',
    msgType: fields.MsgType,
    ...(fields.Event === undefined ? {} : { event: fields.Event }),
    ...common,
    fields,
  } as const;
  return { toUser: fields.ToUserName, event: other };
}

function parseOrUndefined(parser: XMLParser, xml: string): unknown {
  try {
    return parser.parse(xml) as unknown;
  } catch {
    return undefined;
  }
}
