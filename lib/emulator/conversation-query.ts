import type { WireObject } from '../protocol/wire.js';
import type { ConversationRecord } from './conversation-store.js';
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
  const matching = conversations.filter(
    (c) => matchesFilter(c.metadata, filter) && matchesSearch(c.metadata, search),
  );
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

function summary(c: ConversationRecord): WireObject {
  return { conversation_id: c.id, metadata: c.metadata };
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
