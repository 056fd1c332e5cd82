import { HubProtocolError } from '../errors.js';
import { ClientFieldError, PayloadFields, compact } from './client-fields.js';
import { excerptOf, frameText } from './frame-text.js';
import { EMPTY_OBJECT, isWireObject, ownEntry } from './json.js';
import type { MetadataTarget, OutboundEvent, OutboundEventType } from './outbound.js';
import { OUTBOUND_ROUTE } from './wire.js';

/** The model event whose `type` union includes `T` (the list events share one interface). */
type OutboundOf<T extends OutboundEventType> = OutboundEvent extends infer E
  ? E extends { readonly type: infer U }
    ? T extends U
      ? E
      : never
    : never
  : never;

type ClientDecoders = {
  readonly [T in OutboundEventType]: (fields: PayloadFields, type: T) => OutboundOf<T>;
};

const TARGETS: readonly string[] = ['default', 'bot', 'live', 'bot_live'] satisfies MetadataTarget[];

const listConversations = (
  f: PayloadFields,
  type: 'get_user_conversations' | 'get_user_conversations_v2' | 'get_conversations',
) => {
  const pagination = f.optionalObject('pagination');
  return {
    type,
    payload: compact({
      userId: f.string('userId'),
      filter: f.optionalObject('filter'),
      search: f.optionalObject('search'),
      pagination: pagination && {
        page: f.pageValue(pagination, 'page'),
        limit: f.pageValue(pagination, 'limit'),
      },
    }),
  };
};

/** Wire payload → model payload per client event type; each validates what the hub requires. */
const CLIENT_DECODERS: ClientDecoders = {
  conversation_start: (f, type) => ({
    type,
    payload: compact({
      userId: f.optionalString('userId'),
      userBasicInfo: f.optionalObject('userBasicInfo'),
      userData: f.optionalObject('userData'),
      // Drafts of the manual call it `userMetadata`.
      metadata: f.optionalObject('metadata') ?? f.optionalObject('userMetadata'),
    }),
  }),
  user_message: (f, type) => ({
    type,
    payload: {
      clientMsgId: f.string('client_msg_id'),
      conversationId: f.string('conversation_id'),
      content: f.content('content'),
    },
  }),
  edit_message: (f, type) => ({
    type,
    payload: {
      clientMsgId: f.string('client_msg_id'),
      conversationId: f.string('conversation_id'),
      messageId: f.string('message_id'),
      content: f.content('content'),
    },
  }),
  metadata: (f, type) => {
    const target = f.optionalString('target');
    if (target !== undefined && !TARGETS.includes(target)) f.fail('target', TARGETS.join(' | '));
    return {
      type,
      payload: compact({
        metadata: f.object('metadata'),
        target: target as MetadataTarget | undefined,
        clientMsgId: f.string('client_msg_id'),
        conversationId: f.string('conversation_id'),
      }),
    };
  },
  metadata_request: (f, type) => ({ type, payload: { conversationId: f.string('conversation_id') } }),
  conversation_transcript_request: (f, type) => ({
    type,
    payload: { conversationId: f.string('conversation_id') },
  }),
  action: (f, type) => ({
    type,
    payload: compact({
      type: f.optionalString('type'),
      id: f.string('id'),
      data: f.optionalObject('data'),
      conversationId: f.string('conversation_id'),
    }),
  }),
  get_user_conversations: listConversations,
  get_user_conversations_v2: listConversations,
  get_conversations: listConversations,
  delete_conversation: (f, type) => {
    if (!f.has('conversation_id') && !f.has('userId'))
      f.fail('conversation_id', 'a string (or userId given)');
    const payload = compact({
      conversationId: f.optionalString('conversation_id'),
      userId: f.optionalString('userId'),
    });
    return { type, payload: payload as { conversationId: string } | { userId: string } };
  },
};

/**
 * Reads one client → hub frame (`{"action":"sendMessage","event":{…}}`) into the
 * {@link OutboundEvent} model: the inverse of `encodeEvent`, for the emulator and for tests.
 * Never throws: a frame the hub would not accept (another `action`, an unknown event type,
 * a missing or wrong-typed field) is a `HubProtocolError` saying which field.
 *
 * @example
 * const event = decodeClientFrame(data);
 * if (!(event instanceof HubProtocolError) && event.type === 'user_message') reply(event.payload);
 */
export function decodeClientFrame(data: unknown): OutboundEvent | HubProtocolError {
  const text = frameText(data);
  if (typeof text !== 'string') return text;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return new HubProtocolError('Client frame is not JSON', excerptOf(text));
  }
  try {
    return decodeClientObject(parsed);
  } catch (error) {
    const reason =
      error instanceof ClientFieldError ? error.message : `Client frame could not be read: ${String(error)}`;
    return new HubProtocolError(reason, excerptOf(text));
  }
}

function decodeClientObject(frame: unknown): OutboundEvent {
  if (!isWireObject(frame)) throw new ClientFieldError('Client frame is not a JSON object');
  if (frame.action !== OUTBOUND_ROUTE)
    throw new ClientFieldError(`Client frame "action" must be "${OUTBOUND_ROUTE}"`);
  const event = frame.event;
  if (!isWireObject(event) || typeof event.event_type !== 'string') {
    throw new ClientFieldError('Client frame has no string "event.event_type"');
  }
  const type = event.event_type;
  const decode = ownEntry(CLIENT_DECODERS, type) as
    ((f: PayloadFields, t: string) => OutboundEvent) | undefined;
  if (!decode) throw new ClientFieldError(`Unknown client event type "${type.slice(0, 50)}"`);
  const payload = event.event_payload ?? EMPTY_OBJECT;
  if (!isWireObject(payload)) throw new ClientFieldError(`${type}: "event_payload" must be an object`);
  return decode(new PayloadFields(payload, type), type);
}
