/**
 * Text as Slack takes it. mrkdwn gives `&`, `<` and `>` meanings (links, mentions), so text from
 * the use-cases is escaped before it is shown; what is too long is shortened with "…", never cut
 * inside an escape or a surrogate pair, and long lists are packed into as few texts as fit.
 */

const ELLIPSIS = '…';

/** Escapes the three characters mrkdwn reads as markup (Slack's "Escaping text"). */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Bold in mrkdwn, escaped. */
export const bold = (text: string) => `*${escapeMrkdwn(text)}*`;

/** A link in mrkdwn: `<url|label>`, the label escaped (a `|` in it would end the URL part). */
export function link(url: string, label: string): string {
  return `<${url}|${escapeMrkdwn(label).replace(/\|/g, '¦')}>`;
}

/** The longest prefix of `text` whose code units fit `max`, not splitting a surrogate pair. */
function prefix(text: string, max: number): string {
  let end = Math.max(0, max);
  if (end < text.length && end > 0 && /[\uD800-\uDBFF]/.test(text[end - 1]!)) end -= 1;
  return text.slice(0, end);
}

/** Plain text at most `max` long: shortened with "…" when it is longer. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${prefix(text, max - ELLIPSIS.length)}${ELLIPSIS}`;
}

/**
 * mrkdwn (already escaped and formatted) at most `max` long, shortened with "…" where it is
 * longer: the cut moves back to before an escape (`&amp;`) or a link it would split.
 */
export function clipMrkdwn(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = prefix(text, max - ELLIPSIS.length);
  const open = Math.max(cut.lastIndexOf('&'), cut.lastIndexOf('<'));
  if (open >= 0 && !/[;>]/.test(cut.slice(open))) cut = cut.slice(0, open);
  return `${cut}${ELLIPSIS}`;
}

/**
 * Lines of mrkdwn packed into as few texts of at most `max` as they fit, in order, one line per
 * row; a line longer than `max` alone is shortened. Empty lines are dropped.
 */
export function packLines(lines: string[], max: number): string[] {
  const out: string[] = [];
  let current = '';
  for (const raw of lines) {
    if (raw.trim() === '') continue;
    const line = clipMrkdwn(raw, max);
    if (current === '') current = line;
    else if (current.length + 1 + line.length <= max) current += `\n${line}`;
    else {
      out.push(current);
      current = line;
    }
  }
  if (current !== '') out.push(current);
  return out;
}

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
