// captivate-hub-rx — the client entry (browser-safe: no Node-only import may reach this file).
export * from './errors.js';
export type * from './protocol/wire.js';
export type * from './protocol/parts.js';
export type * from './protocol/inbound.js';
export type * from './protocol/outbound.js';
export { HUB_LIMITS } from './protocol/limits.js';
