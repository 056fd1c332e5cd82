import type { WireObject } from '../protocol/wire.js';

/** Keys that must never be copied from untrusted JSON into a live object (prototype pollution). */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** A JSON object (not an array, not null). */
export function isObject(value: unknown): value is WireObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string field of untrusted input, or `undefined`; only own properties count. */
export function stringField(source: WireObject, key: string): string | undefined {
  const value = Object.hasOwn(source, key) ? source[key] : undefined;
  return typeof value === 'string' ? value : undefined;
}

/** An object field of untrusted input, or `undefined`; only own properties count. */
export function objectField(source: WireObject, key: string): WireObject | undefined {
  const value = Object.hasOwn(source, key) ? source[key] : undefined;
  return isObject(value) ? value : undefined;
}

/**
 * Deep-copies untrusted JSON into null-prototype-free plain data, dropping the forbidden keys at every
 * level, so stored metadata can later be merged and served without carrying a polluting key.
 */
export function safeClone(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(safeClone);
  if (!isObject(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    if (!FORBIDDEN_KEYS.has(key)) copy[key] = safeClone(value[key]);
  }
  return copy;
}

/** Shallow merge of untrusted `patch` into a copy of `target`; forbidden keys are skipped. */
export function safeMerge(target: WireObject, patch: WireObject): WireObject {
  const merged: Record<string, unknown> = { ...target };
  for (const key of Object.keys(patch)) {
    if (!FORBIDDEN_KEYS.has(key)) merged[key] = safeClone(patch[key]);
  }
  return merged;
}
