import type { WireObject } from '../protocol/wire.js';
import { publicMetadata, type ConversationRecord } from './conversation-store.js';
import { globMatches } from './glob.js';
import { isObject, objectField } from './safe-object.js';

const DEFAULT_PAGE_SIZE = 10;

/**
 * Answers `get_user_conversations` (all of them) and `_v2` / `get_conversations` (`filter`: exact match
 * on metadata fields, `search`: case-insensitive wildcard match where `*` is any run of characters and
 * a pattern without `*` matches anywhere, `pagination`: `{page, limit}` numbers or strings).
 */
export function userConversationsPayload(
  conversations: readonly ConversationRecord[],
  request: WireObject,
  paginated: boolean,
): WireObject {
  const filter = objectField(request, 'filter') ?? {};
  const search = objectField(request, 'search') ?? {};
  const keys = requestedKeys(request);
  const matching = conversations.filter(
    (c) =>
      (!keys || (c.apiKey !== undefined && keys.has(c.apiKey))) &&
      matchesFilter(c.metadata, filter) &&
      matchesSearch(c.metadata, search),
  );
  const summary = keys ? keyedSummary : plainSummary;
  const pagination = objectField(request, 'pagination');
  if (!paginated && !pagination) return { conversations: matching.map(summary) };

  const pageSize = positiveInt(pagination?.['limit'], DEFAULT_PAGE_SIZE);
  const totalPages = Math.max(1, Math.ceil(matching.length / pageSize));
  const page = Math.min(positiveInt(pagination?.['page'], 1), totalPages);
  const slice = matching.slice((page - 1) * pageSize, page * pageSize);
  return {
    conversations: slice.map(summary),
    pagination: {
      hasNextPage: page < totalPages,
      hasPrevPage: page > 1,
      page,
      pageSize,
      total: matching.length,
      totalPages,
    },
  };
}

function plainSummary(c: ConversationRecord): WireObject {
  return { conversation_id: c.id, metadata: publicMetadata(c.metadata) };
}

/** With `apiKeys` in the request (the vendor's multi-key manager): each entry names its channel's key. */
function keyedSummary(c: ConversationRecord): WireObject {
  return { ...plainSummary(c), apiKey: c.apiKey };
}

/** The `apiKeys` a v2 request groups by, or `undefined` when it names none. */
export function requestedKeys(request: WireObject): ReadonlySet<string> | undefined {
  const keys = Object.hasOwn(request, 'apiKeys') ? request['apiKeys'] : undefined;
  if (!Array.isArray(keys)) return undefined;
  const strings = keys.filter((k): k is string => typeof k === 'string');
  return strings.length > 0 ? new Set(strings) : undefined;
}

function matchesFilter(metadata: WireObject, filter: WireObject): boolean {
  return Object.keys(filter).every(
    (key) => Object.hasOwn(metadata, key) && sameJson(metadata[key], filter[key]),
  );
}

function matchesSearch(metadata: WireObject, search: WireObject): boolean {
  return Object.keys(search).every((key) => {
    const value = Object.hasOwn(metadata, key) ? metadata[key] : undefined;
    const pattern = search[key];
    if (value === undefined || value === null || isObject(value) || typeof pattern !== 'string') return false;
    return globMatches(pattern, String(value));
  });
}

function sameJson(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

function positiveInt(value: unknown, fallback: number): number {
  const n = typeof value === 'string' ? Number.parseInt(value, 10) : typeof value === 'number' ? value : NaN;
  return Number.isInteger(n) && n > 0 ? n : fallback;
}
