import { randomUUID } from 'node:crypto';
import type { WireObject } from '../protocol/wire.js';

/** Who said something in a conversation. */
export type Speaker = 'user' | 'bot' | 'agent';

/** One entry of a conversation's history, in the order it happened. */
export interface TranscriptEntry {
  readonly from: Speaker;
  readonly eventId: string;
  readonly at: number;
  /** Message parts (`{type:'text', text}`, buttons, …). */
  parts: readonly WireObject[];
  readonly actions: readonly WireObject[];
  readonly files: readonly WireObject[];
  /** The user's `client_msg_id`, which `edit_message` names as `message_id`. */
  readonly messageId?: string;
  edited?: boolean;
}

/** A conversation as the emulator keeps it; it outlives the connections that used it. */
export interface ConversationRecord {
  readonly id: string;
  /** As the client gave it; `undefined` for anonymous starts (the id is then prefixed `anon`). */
  readonly userId: string | undefined;
  /** The API key of the socket that started it: its channel (`undefined` when none was given). */
  readonly apiKey: string | undefined;
  readonly createdAt: number;
  readonly userBasicInfo: WireObject;
  readonly userData: WireObject;
  metadata: WireObject;
  readonly transcript: TranscriptEntry[];
  /** The socket that most recently sent an event for it; replies go there. */
  boundConnectionId: string | undefined;
  /** Free state for the bot (the default bot remembers whether an agent is connected). */
  readonly botState: Record<string, unknown>;
}

export interface NewConversation {
  readonly userId: string | undefined;
  readonly userBasicInfo: WireObject;
  readonly userData: WireObject;
  readonly metadata: WireObject;
  readonly connectionId: string | undefined;
  readonly apiKey: string | undefined;
}

/** Conversations by id. Deleted conversations are forgotten: any later event for them is a 400. */
export class ConversationStore {
  private readonly byId = new Map<string, ConversationRecord>();

  constructor(private readonly now: () => number = Date.now) {}

  create(start: NewConversation): ConversationRecord {
    const id = `${start.userId ?? 'anon'}-${randomUUID()}`;
    const record: ConversationRecord = {
      id,
      userId: start.userId,
      apiKey: start.apiKey,
      createdAt: this.now(),
      userBasicInfo: start.userBasicInfo,
      userData: start.userData,
      metadata: start.metadata,
      transcript: [],
      boundConnectionId: start.connectionId,
      botState: {},
    };
    this.byId.set(id, record);
    return record;
  }

  get(id: string | undefined): ConversationRecord | undefined {
    return id === undefined ? undefined : this.byId.get(id);
  }

  delete(id: string): boolean {
    return this.byId.delete(id);
  }

  /** Every conversation of a user, oldest first. */
  ofUser(userId: string): ConversationRecord[] {
    const found: ConversationRecord[] = [];
    for (const record of this.byId.values()) if (record.userId === userId) found.push(record);
    return found;
  }

  get size(): number {
    return this.byId.size;
  }
}

/** The metadata key the client may write but never reads back (the vendor's `setPrivateMetadata`). */
export const PRIVATE_METADATA_KEY = 'private';

/** Metadata as the hub shows it to clients: without its `private` part (the bot still sees it). */
export function publicMetadata(metadata: WireObject): WireObject {
  if (!Object.hasOwn(metadata, PRIVATE_METADATA_KEY)) return metadata;
  const { [PRIVATE_METADATA_KEY]: _private, ...visible } = metadata;
  return visible;
}
