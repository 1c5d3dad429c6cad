/**
 * The shape check at the door: an activity is read against the Agents SDK's own Activity schema,
 * then for the fields this bot needs to answer at all (who sent it, where to reply). A request
 * that fails gets a 400 naming the field, before any handler sees it.
 */
import { activityZodSchema } from '@microsoft/agents-activity';
import { MAX_NESTING, nestsDeeperThan, showValue } from '../../evaluator/nesting.js';

export type ActivityCheck = { ok: true } | { ok: false; problem: string };

/** Fields every activity the bot answers carries, beyond what the SDK's schema requires. */
const NEEDED: readonly { path: readonly string[]; what: string }[] = [
  { path: ['channelId'], what: 'the channel it came from' },
  { path: ['serviceUrl'], what: 'the address to reply to' },
  { path: ['from', 'id'], what: 'who sent it' },
  { path: ['conversation', 'id'], what: 'the conversation it belongs to' },
  { path: ['recipient', 'id'], what: 'who it was sent to' },
];

/** The invoke a universal action (Action.Execute) sends. */
const CARD_ACTION = 'adaptiveCard/action';

interface SchemaIssue {
  path: (string | number)[];
  code: string;
  message: string;
  expected?: unknown;
  received?: unknown;
}

export function checkActivity(body: Record<string, unknown>): ActivityCheck {
  if (nestsDeeperThan(body)) return { ok: false, problem: `the activity nests lists or objects more than ${MAX_NESTING} levels deep` };
  const parsed = activityZodSchema.passthrough().safeParse(body);
  if (!parsed.success) return { ok: false, problem: describe(parsed.error.issues[0] as SchemaIssue, body) };
  for (const { path, what } of NEEDED) {
    const value = valueAt(body, path);
    if (typeof value !== 'string' || value.trim() === '') {
      return { ok: false, problem: `"${path.join('.')}" (${what}) must be non-empty text, found ${showValue(value)}` };
    }
  }
  // The schema lets any non-empty text through as a time, then fails on it when the reply is built.
  for (const field of ['timestamp', 'localTimestamp', 'expiration']) {
    const value = body[field];
    if (value !== undefined && (typeof value !== 'string' || Number.isNaN(Date.parse(value)))) {
      return { ok: false, problem: `"${field}" must be a date and time (ISO 8601), found ${showValue(value)}` };
    }
  }
  // Card actions are the only invokes this bot answers; the SDK would answer any other with a 501.
  if (body.type === 'invoke' && body.name !== CARD_ACTION) {
    return { ok: false, problem: `"name": the only invoke answered here is ${CARD_ACTION} (a card's button), found ${showValue(body.name)}` };
  }
  if (body.type === 'invoke') {
    // What the SDK's router reads from a card action; without it the SDK answers 501.
    const type = valueAt(body, ['value', 'action', 'type']);
    if (type !== 'Action.Execute') return { ok: false, problem: `"value.action.type" must be "Action.Execute" (a universal action), found ${showValue(type)}` };
    const verb = valueAt(body, ['value', 'action', 'verb']);
    if (typeof verb !== 'string' || verb === '') return { ok: false, problem: `"value.action.verb" (the button pressed) must be non-empty text, found ${showValue(verb)}` };
  }
  const serviceUrl = String(body.serviceUrl);
  if (!URL.canParse(serviceUrl) || !/^https?:$/.test(new URL(serviceUrl).protocol)) {
    return { ok: false, problem: `"serviceUrl" must be an http(s) address, found ${showValue(serviceUrl)}` };
  }
  return { ok: true };
}

function describe(issue: SchemaIssue, body: Record<string, unknown>): string {
  const field = issue.path.length ? `"${issue.path.join('.')}"` : 'the activity';
  const found = showValue(valueAt(body, issue.path));
  if (issue.code === 'invalid_type' && typeof issue.expected === 'string' && !issue.expected.includes('|')) {
    return `${field} must be ${article(issue.expected)}, found ${found}`;
  }
  return `${field} is not valid (${issue.message.split('\n')[0]!.slice(0, 120)}), found ${found}`;
}

const article = (type: string) => (/^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`);

function valueAt(body: unknown, path: readonly (string | number)[]): unknown {
  let v = body;
  for (const key of path) {
    if (typeof v !== 'object' || v === null || !Object.hasOwn(v, key)) return undefined;
    v = (v as Record<string | number, unknown>)[key];
  }
  return v;
}
