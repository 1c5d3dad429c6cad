/**
 * How deep a value from outside nests, found without recursion: a value nested thousands deep
 * (a file of brackets, a crafted card) must get an answer, not exhaust the call stack.
 */

/** Answers, card data and activities need a handful of levels; anything past this is refused. */
export const MAX_NESTING = 64;

/** True when `value` nests arrays or objects more than `limit` levels deep. */
export function nestsDeeperThan(value: unknown, limit: number = MAX_NESTING): boolean {
  const stack: { v: unknown; depth: number }[] = [{ v: value, depth: 0 }];
  while (stack.length) {
    const { v, depth } = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= limit) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (typeof child === 'object' && child !== null) stack.push({ v: child, depth: depth + 1 });
    }
  }
  return false;
}

/** A value for a message: text quoted, scalars as written, structures in short JSON (never deep, never long). */
export function showValue(v: unknown): string {
  if (typeof v === 'string') return `"${v.length > 60 ? `${v.slice(0, 60)}…` : v}"`;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (v === null) return 'null';
  if (v === undefined) return 'nothing';
  if (typeof v !== 'object') return typeof v;
  if (nestsDeeperThan(v, 4)) return Array.isArray(v) ? 'a deeply nested list' : 'a deeply nested object';
  const shown = JSON.stringify(v);
  return shown.length > 80 ? `${shown.slice(0, 80)}…` : shown;
}
