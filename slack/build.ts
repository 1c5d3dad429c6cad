/**
 * `npm run package:slack`: writes the slash commands of slack/manifest.yaml from the command
 * registry (src/review/commands.ts), keeping the rest of the manifest and its comments as they
 * are. A test fails when the committed manifest and the registry differ.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import { slackSlashCommands } from '../src/review/commands.js';

export const SLACK_MANIFEST = fileURLToPath(new URL('manifest.yaml', import.meta.url));
/** Where Slack sends every request over HTTP (unused in Socket Mode); docs/slack.md says what to put instead. */
const EVENTS_URL = 'https://termly.example.org/slack/events';

/** The manifest's text with its slash commands taken from the registry. */
export function manifestWithCommands(text: string): string {
  const doc = parseDocument(text);
  doc.setIn(['features', 'slash_commands'], slackSlashCommands().map((c) => ({
    command: c.command,
    url: EVENTS_URL,
    description: c.description,
    ...(c.usage_hint ? { usage_hint: c.usage_hint } : {}),
    should_escape: false,
  })));
  return doc.toString({ lineWidth: 0 });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const before = readFileSync(SLACK_MANIFEST, 'utf8');
  const after = manifestWithCommands(before);
  writeFileSync(SLACK_MANIFEST, after);
  process.stdout.write(after === before ? 'slack/manifest.yaml: already up to date\n' : 'slack/manifest.yaml: slash commands written from the command registry\n');
}
