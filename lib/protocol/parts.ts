import type { WireObject } from './wire.js';

/** Plain text from the bot, an agent or the user. */
export interface TextPart {
  /** Discriminator. */
  readonly type: 'text';
  /** The text, as sent (may contain newlines and markup the channel allows). */
  readonly text: string;
}

/** One choice of a buttons part; send `value` back (as text or an action) when picked. */
export interface ButtonOption {
  /** What to show on the button. */
  readonly label: string;
  /** What to send back when it is picked. */
  readonly value: string;
}

/** Quick-reply buttons. The wire spells the type `buttons` or `button`; both arrive as `buttons`. */
export interface ButtonsPart {
  /** Discriminator. */
  readonly type: 'buttons';
  /** The buttons, with an optional title above them. */
  readonly buttons: {
    /** Shown above the buttons, e.g. "Pick one:". */
    readonly title?: string;
    /** The choices, in order. */
    readonly options: readonly ButtonOption[];
  };
}

/** A carousel of cards; the hub documents no fixed card schema, so items stay as sent. */
export interface CardsPart {
  /** Discriminator. */
  readonly type: 'cards';
  /** The carousel as sent; `items` holds the cards when the hub uses that field. */
  readonly cards: {
    /** The cards, as sent. */
    readonly items?: readonly WireObject[];
  } & WireObject;
}

/** A file an agent or bot sent. */
export interface FileAttachment {
  /** The hub's kind of file, e.g. `file` or `image`. */
  readonly type: string;
  /** Where to download it. */
  readonly url: string;
  /** Its MIME type, when the hub gives it. */
  readonly mimetype?: string;
  /** Its name, when the hub gives it (`null` when it says it has none). */
  readonly filename?: string | null;
}

/** Files sent by a live agent (`livechat_message`). */
export interface FilesPart {
  /** Discriminator. */
  readonly type: 'files';
  /** The files, in order. */
  readonly files: readonly FileAttachment[];
}

/** A part type this version does not know: kept whole so nothing is lost. */
export interface UnknownPart {
  /** Discriminator. */
  readonly type: 'unknown';
  /** The part as it arrived, including its own `type`. */
  readonly raw: WireObject;
}

/** One piece of a bot or agent message. */
export type MessagePart = TextPart | ButtonsPart | CardsPart | FilesPart | UnknownPart;

/** An outgoing action from the flow (`redirectToContactUs`, `escalateToHuman`, …). */
export interface HubAction {
  /** The action's name, e.g. `redirectToContactUs`. */
  readonly id: string;
  /** Its parameters, as sent (`{}` when none). */
  readonly data: WireObject;
}

/** A file the user attaches to a message. */
export interface UserFile {
  /** Where the hub can fetch it (the widget uploads it first). */
  readonly url?: string;
  /** The kind of file, e.g. `file`. */
  readonly type: string;
  /** Its name as the user sees it. */
  readonly filename: string;
  /** Extracted text of the file, when the widget has it. */
  readonly textContent?: string;
}

/** What a user sends: plain text, or text with files. */
export type UserMessageContent =
  | {
      /** Plain text. */
      readonly type: 'text';
      /** The text. */
      readonly text: string;
    }
  | {
      /** Text to go with the files. */
      readonly text?: string;
      /** The files attached. */
      readonly files: readonly UserFile[];
    };
