import type { WireObject } from '../protocol/wire.js';

/** What the user did that the bot must answer. */
export type BotInput =
  | {
      /** A conversation was started. */
      readonly kind: 'conversation_start';
      /** The `userId` it was started with, if any. */
      readonly userId: string | undefined;
      /** As the client sent it (`{}` when absent). */
      readonly userBasicInfo: WireObject;
      /** As the client sent it (`{}` when absent). */
      readonly userData: WireObject;
      /** The conversation's initial metadata. */
      readonly metadata: WireObject;
    }
  | {
      /** The user sent a message. */
      readonly kind: 'user_message';
      /** The text of the message (`content.text`), `''` for files without text. */
      readonly text: string;
      /** The wire `content` as sent: `{type:'text', text}` or `{text?, files}`. */
      readonly content: WireObject;
      /** The client's id of the message, if it sent one. */
      readonly clientMsgId: string | undefined;
    }
  | {
      /** The user triggered an action. */
      readonly kind: 'action';
      /** The action id, e.g. `escalateToHuman`. */
      readonly id: string;
      /** The action's `type` (`normal` when the client left it out). */
      readonly actionType: string;
      /** The action's parameters (`{}` when none). */
      readonly data: WireObject;
    };

/** One outgoing action of the flow, e.g. `{ id: 'redirectToContactUs', data: { url: '/contact' } }`. */
export interface BotAction {
  /** The action's name. */
  readonly id: string;
  /** Its parameters. */
  readonly data?: WireObject;
}

/** How a bot answers; everything is delivered in call order to the conversation's current socket. */
export interface BotContext {
  /** The conversation being answered. */
  readonly conversationId: string;
  /** `anon` when the conversation was started without a userId. */
  readonly userId: string;
  /** The conversation's metadata now. */
  readonly metadata: WireObject;
  /** Per-conversation scratch state that lives as long as the conversation. */
  readonly state: Record<string, unknown>;
  /** The hub's frame limit; a reply above it reaches the client as `general_error` 413 + `message_link`. */
  readonly maxMessageBytes: number;
  /** Sends a `bot_message`: a string becomes one text part. */
  reply(content: string | readonly WireObject[]): void;
  /** Sends an outgoing `action` event. */
  sendActions(actions: readonly BotAction[]): void;
  /** Sends a `conversation_update` (`livechatAgentConnected`, `failedAgentAssignment`, …). */
  updateConversation(type: string, data?: WireObject): void;
  /** Sends a `livechat_message` as a simulated human agent. */
  agentSays(content: string | readonly WireObject[]): void;
}

/**
 * The flow behind the hub. Called once per conversation start, user message and user action; may be
 * async. A throw or rejection is logged and ignored, like a failing flow on the real hub.
 *
 * @example
 * const parrot: Bot = (input, ctx) => {
 *   if (input.kind === 'user_message') ctx.reply(input.text.toUpperCase());
 * };
 * await startHubEmulator({ bot: parrot });
 */
export type Bot = (input: BotInput, context: BotContext) => void | Promise<void>;

const AGENT = { name: 'Sam', id: 'agent-7' };
const ESCALATE = /\b(agent|human)\b/i;
const CONTACT = /\bcontact\b/i;
const BIG = /\bbig\b/i;
const BYE = /\bbye\b/i;
/** The greeting's `hours` button sends its value as text; a typed "opening hours?" gets the same answer. */
const HOURS = /^\s*(opening )?hours\??\s*$/i;
const OPENING_HOURS = 'We are open Monday to Friday, 9:00–17:00 (emulated hours).';

function escalate(ctx: BotContext): void {
  ctx.state['agent'] = true;
  ctx.sendActions([{ id: 'escalateToHuman', data: {} }]);
  ctx.updateConversation('livechatAgentConnected', { agentInfo: AGENT });
  ctx.agentSays(`Hi, this is ${AGENT.name} from support. How can I help?`);
}

const GREETING: readonly WireObject[] = [
  { type: 'text', text: 'Hello, I am the emulator bot.' },
  {
    type: 'buttons',
    buttons: {
      title: 'Pick one:',
      options: [
        { label: 'Opening hours', value: 'hours' },
        { label: 'Talk to a person', value: 'agent' },
        { label: 'Contact us', value: 'contact' },
      ],
    },
  },
];

/** Options of {@link scriptedBot}. */
export interface ScriptedBotOptions {
  /**
   * Greet right after `conversation_start_success` as well. The production hub does not: its flow
   * starts on the client's empty trigger message (what the vendor's client sends for `bot-first`).
   * Useful for a client that never sends that trigger and still wants a greeting.
   * @default false
   */
  readonly greetOnStart?: boolean | undefined;
}

/**
 * The empty message the vendor's client sends right after `conversation_start_success` to start a
 * bot-first conversation (`{type:'text', text:''}`, no files).
 */
export function isStartTrigger(input: BotInput): boolean {
  return input.kind === 'user_message' && input.text === '' && !Array.isArray(input.content['files']);
}

/**
 * The scripted bot, as {@link defaultBot} runs it:
 * - the empty start trigger → a greeting with buttons (`hours`, `agent`, `contact`); with
 *   `greetOnStart`, also right after the start;
 * - "agent" / "human" or the action `escalateToHuman` → action `escalateToHuman`,
 *   `conversation_update` `livechatAgentConnected`, then `livechat_message`s from agent Sam
 *   (who echoes until the user says "bye", then disconnects);
 * - "hours" (the greeting's first button) → the opening hours;
 * - "contact" → action `redirectToContactUs` and a reply saying where to go;
 * - "big" → a reply larger than the frame limit (→ `general_error` 413 with `message_link`);
 * - anything else → "You said: …".
 *
 * @example
 * // A greeting right after the start, for a client that sends no start trigger:
 * await startHubEmulator({ bot: scriptedBot({ greetOnStart: true }) });
 */
export function scriptedBot(options: ScriptedBotOptions = {}): Bot {
  return (input, ctx) => {
    switch (input.kind) {
      case 'conversation_start':
        if (options.greetOnStart) ctx.reply(GREETING);
        return;
      case 'action':
        if (input.id === 'escalateToHuman') escalate(ctx);
        else ctx.reply(`Action ${input.id} received.`);
        return;
      case 'user_message':
        if (isStartTrigger(input)) return ctx.reply(GREETING);
        return answerMessage(input.text, input.content, ctx);
    }
  };
}

/**
 * The bot the emulator runs unless told otherwise: {@link scriptedBot} without a greeting at the
 * start, like the production hub (it greets on the empty trigger message of a bot-first start).
 *
 * @example
 * await startHubEmulator({ bot: defaultBot });
 */
export const defaultBot: Bot = scriptedBot();

function answerMessage(text: string, content: WireObject, ctx: BotContext): void {
  if (ctx.state['agent'] === true) {
    if (BYE.test(text)) {
      ctx.state['agent'] = false;
      ctx.agentSays('Goodbye!');
      ctx.updateConversation('livechatAgentDisconnected', { agentInfo: AGENT });
    } else {
      ctx.agentSays(`${AGENT.name} here, you said: ${text}`);
    }
  } else if (ESCALATE.test(text)) {
    escalate(ctx);
  } else if (HOURS.test(text)) {
    ctx.reply(OPENING_HOURS);
  } else if (CONTACT.test(text)) {
    ctx.sendActions([{ id: 'redirectToContactUs', data: { url: '/contact' } }]);
    ctx.reply('You can reach us through our contact page: /contact');
  } else if (BIG.test(text)) {
    ctx.reply('x'.repeat(ctx.maxMessageBytes + 1));
  } else if (text === '' && Array.isArray(content['files'])) {
    ctx.reply(`You sent ${content['files'].length} file(s).`);
  } else {
    ctx.reply(`You said: ${text}`);
  }
}
