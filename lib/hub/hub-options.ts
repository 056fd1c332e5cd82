// The hub's options live beside the defaults (lib/options.ts), below every layer that reads them.
export type { FetchLike, HubOptions } from '../options.js';
