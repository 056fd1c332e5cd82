import type { WireObject } from './wire.js';

/** Plain text from the bot, an agent or the user. */
export interface TextPart {
  readonly type: 'text';
  readonly text: string;
}

/** One choice of a buttons part; send `value` back (as text or an action) when picked. */
export interface ButtonOption {
  readonly label: string;
  readonly value: string;
}

/** Quick-reply buttons. The wire spells the type `buttons` or `button`; both arrive as `buttons`. */
export interface ButtonsPart {
  readonly type: 'buttons';
  readonly buttons: { readonly title?: string; readonly options: readonly ButtonOption[] };
}

/** A carousel of cards; the hub documents no fixed card schema, so items stay as sent. */
export interface CardsPart {
  readonly type: 'cards';
  readonly cards: { readonly items?: readonly WireObject[] } & WireObject;
}

/** A file an agent or bot sent. */
export interface FileAttachment {
  readonly type: string;
  readonly url: string;
  readonly mimetype?: string;
  readonly filename?: string | null;
}

/** Files sent by a live agent (`livechat_message`). */
export interface FilesPart {
  readonly type: 'files';
  readonly files: readonly FileAttachment[];
}

/** A part type this version does not know: kept whole so nothing is lost. */
export interface UnknownPart {
  readonly type: 'unknown';
  /** The part as it arrived, including its own `type`. */
  readonly raw: WireObject;
}

/** One piece of a bot or agent message. */
export type MessagePart = TextPart | ButtonsPart | CardsPart | FilesPart | UnknownPart;

/** An outgoing action from the flow (`redirectToContactUs`, `escalateToHuman`, …). */
export interface HubAction {
  readonly id: string;
  readonly data: WireObject;
}

/** A file the user attaches to a message. */
export interface UserFile {
  readonly url?: string;
  readonly type: string;
  readonly filename: string;
  /** Extracted text of the file, when the widget has it. */
  readonly textContent?: string;
}

/** What a user sends: plain text, or text with files. */
export type UserMessageContent =
  | { readonly type: 'text'; readonly text: string }
  | { readonly text?: string; readonly files: readonly UserFile[] };
