// captivate-hub-rx/emulator — a local Captivate Hub for development and tests (Node only).
export { startHubEmulator } from './hub-emulator.js';
export type { HubEmulator, ConnectionInfo, ConversationInfo } from './hub-emulator.js';
export type {
  ChannelMode,
  HubEmulatorOptions,
  EmulatorLimits,
  FrameShape,
  LatencyMs,
  TranscriptShape,
} from './options.js';
export { defaultBot, scriptedBot, isStartTrigger } from './bot.js';
export type { Bot, BotInput, BotContext, BotAction, ScriptedBotOptions } from './bot.js';
export { ManualClock, systemClock } from './clock.js';
export type { EmulatorClock, ClockTimer } from './clock.js';
export type { EmulatorLogger } from './logger.js';
export type { EmulatorEvent, EmulatorEventType } from './events.js';
export type { ReceivedLedger, ReceivedEvent } from './ledger.js';
export type { ConnectionTarget, GarbageKind } from './faults.js';
export { COMPAT_MESSAGE_PATH, TRANSCRIPT_PATH } from './http-routes.js';
// Reads what a client sent (the inverse of encodeEvent); for tests, not needed by the client.
export { decodeClientFrame } from '../protocol/decode-client.js';
