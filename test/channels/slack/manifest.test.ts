/**
 * slack/manifest.yaml against what Slack checks when a manifest is pasted in: lengths and
 * characters, a scope for every event and for slash commands, no command Slack keeps for
 * itself, and the bot's own choices (Socket Mode on, interactivity and the Home tab on, every
 * request to /slack/events, no scope it does not use).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { webApi } from '@slack/bolt';

type Manifest = webApi.AppsManifestExportResponse['manifest'] & {};
const manifest = parse(readFileSync(new URL('../../../slack/manifest.yaml', import.meta.url), 'utf8')) as Manifest;

/** Slack's built-in commands (Slack help centre, "Use built-in slash commands"): a manifest registering one is refused. */
const BUILT_IN = new Set([
  '/active', '/away', '/archive', '/call', '/collapse', '/dm', '/dnd', '/expand', '/feed', '/feedback', '/invite', '/leave', '/me',
  '/msg', '/mute', '/open', '/pro', '/remind', '/remove', '/search', '/shortcuts', '/shrug', '/star', '/status', '/topic', '/who',
]);
/** The scope each event needs (events reference, "Required scopes"). */
const EVENT_SCOPES: Record<string, string | null> = { app_home_opened: null, app_mention: 'app_mentions:read', 'message.im': 'im:history' };
const EVENTS_URL = 'https://termly.example.org/slack/events';

describe('the Slack app manifest', () => {
  it('is within the lengths and characters Slack accepts', () => {
    expect(manifest.display_information!.name!.length).toBeLessThanOrEqual(35);
    expect(manifest.display_information!.description!.length).toBeLessThanOrEqual(140);
    expect(manifest.display_information!.background_color).toMatch(/^#([0-9a-f]{3}|[0-9a-f]{6})$/i);
    expect(manifest.features!.bot_user!.display_name).toMatch(/^[a-z0-9._-]{1,80}$/);
    const commands = manifest.features!.slash_commands!;
    expect(commands.length).toBeLessThanOrEqual(50);
    for (const c of commands) {
      expect(c.command).toMatch(/^\/[a-z0-9-]{1,31}$/);
      expect(BUILT_IN.has(c.command!), `${c.command} is one of Slack's own commands`).toBe(false);
      expect(c.description!.length).toBeGreaterThan(0);
      expect(c.description!.length).toBeLessThanOrEqual(2000);
      expect((c.usage_hint ?? '').length).toBeLessThanOrEqual(1000);
      expect(c.url).toBe(EVENTS_URL);
    }
  });

  it('offers the commands Termly has, with Slack-safe names for the two Slack keeps', () => {
    expect(manifest.features!.slash_commands!.map((c) => c.command)).toEqual(['/review', '/termly-status', '/termly-remind', '/calendar', '/context', '/report', '/peers', '/termly']);
  });

  it('asks for exactly the scopes the bot uses, and has the scope every event and the commands need', () => {
    const scopes = manifest.oauth_config!.scopes!.bot!;
    expect([...scopes].sort()).toEqual(['app_mentions:read', 'chat:write', 'commands', 'files:read', 'im:history', 'im:write']);
    const events = manifest.settings!.event_subscriptions!.bot_events!;
    expect([...events].sort()).toEqual(Object.keys(EVENT_SCOPES).sort());
    for (const event of events) {
      const needed = EVENT_SCOPES[event];
      if (needed) expect(scopes, `${event} needs ${needed}`).toContain(needed);
    }
  });

  it('runs in Socket Mode with interactivity and the Home tab, every request URL at /slack/events', () => {
    expect(manifest.settings).toMatchObject({
      socket_mode_enabled: true,
      interactivity: { is_enabled: true, request_url: EVENTS_URL },
      event_subscriptions: { request_url: EVENTS_URL },
    });
    expect(manifest.features!.app_home).toMatchObject({ home_tab_enabled: true, messages_tab_enabled: true, messages_tab_read_only_enabled: false });
  });
});
