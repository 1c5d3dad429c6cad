import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

const problems = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  throw new Error('expected the environment to be refused');
};

describe('the environment', () => {
  it('with no Teams credentials is local mode: loopback, port 3978, the playground on 56150', () => {
    expect(loadConfig({})).toEqual({
      mode: 'local', storeFile: undefined, host: '127.0.0.1', port: 3978, publicUrl: 'http://127.0.0.1:3978', logLevel: 'info',
      teams: { mode: 'local', appId: 'termly-local' }, slack: null,
      playground: { enabled: true, port: 56150, persona: undefined },
    });
    expect(loadConfig({ TERMLY_PLAYGROUND: 'off', TERMLY_PLAYGROUND_AS: 'head-reach', TERMLY_LOCAL_PORT: '4000', TERMLY_STORE: 'data/x.json' })).toMatchObject({
      port: 4000, storeFile: 'data/x.json', playground: { enabled: false, persona: 'head-reach' },
    });
  });

  it('local mode ignores PORT and never binds beyond loopback', () => {
    expect(loadConfig({ PORT: '8080' }).port).toBe(3978);
    expect(problems({ TERMLY_HOST: '0.0.0.0' })).toEqual(['TERMLY_HOST: local mode listens on 127.0.0.1 only (got "0.0.0.0"). Remove it, or set the Teams credentials for production mode.']);
  });

  it('with all three Teams credentials is production mode: PORT honoured, no playground', () => {
    const config = loadConfig({ clientId: 'app-1', clientSecret: 's3cret', tenantId: 't-1', PORT: '8080', TERMLY_PUBLIC_URL: 'https://termly.example.org/' });
    expect(config).toEqual({
      mode: 'production', storeFile: undefined, host: '0.0.0.0', port: 8080, publicUrl: 'https://termly.example.org', logLevel: 'info',
      teams: { mode: 'production', appId: 'app-1', credentials: { clientId: 'app-1', clientSecret: 's3cret', tenantId: 't-1' } }, slack: null,
    });
  });

  it('names what is missing or wrong, never echoing a secret', () => {
    expect(problems({ clientId: 'app-1', clientSecret: 'hunter2' })).toEqual([
      'tenantId: not set, but clientId, clientSecret are. Production mode needs clientId, clientSecret and tenantId together; local mode needs none of them.',
    ]);
    expect(problems({ clientId: 'a', clientSecret: 'hunter2', tenantId: 't' })[0]).toMatch(/^TERMLY_PUBLIC_URL: not set/);
    expect(problems({ PORT: 'eighty' })).toEqual(['PORT: expected a port number (got "eighty")']);
    expect(problems({ TERMLY_PLAYGROUND_PORT: '70000' })).toEqual(['TERMLY_PLAYGROUND_PORT: expected a port from 1 to 65535 (got "70000")']);
    expect(problems({ TERMLY_PLAYGROUND: 'maybe' })).toEqual(['TERMLY_PLAYGROUND: expected "on" or "off" (got "maybe")']);
    expect(problems({ LOG_LEVEL: 'loud' })).toEqual(['LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent (got "loud")']);
    expect(loadConfig({ LOG_LEVEL: 'DEBUG' }).logLevel).toBe('debug');
    expect(problems({ clientId: 'a', clientSecret: 'hunter2', tenantId: 't', TERMLY_PUBLIC_URL: 'ftp://x' })).toEqual([
      'TERMLY_PUBLIC_URL: expected an http(s) URL such as https://termly.example.org (got "ftp://x")',
    ]);
    expect(problems({ NODE_ENV: 'production' })[0]).toMatch(/^NODE_ENV: "production" needs a door with credentials: the Teams credentials clientId, clientSecret and tenantId, or Slack's/);
    expect(JSON.stringify(problems({ clientSecret: 'hunter2' }))).not.toContain('hunter2');
    expect(problems({ PORT: 'abc', clientId: 'x' })).toEqual([
      'PORT: expected a port number (got "abc")',
      'clientSecret, tenantId: not set, but clientId is. Production mode needs clientId, clientSecret and tenantId together; local mode needs none of them.',
    ]);
  });

  it('refuses local-only settings in production mode', () => {
    expect(problems({ clientId: 'a', clientSecret: 'b', tenantId: 't', TERMLY_PUBLIC_URL: 'https://x.org', TERMLY_PLAYGROUND_AS: 'ceo' }))
      .toEqual(['TERMLY_PLAYGROUND_AS: only used in local mode, but Teams credentials are set (production mode). Remove it.']);
  });

  it('turns Slack on with SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET, over HTTP, or Socket Mode with SLACK_APP_TOKEN', () => {
    const slack = { SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_SIGNING_SECRET: '8f742231b10e8888abcd99yyyzzz85a5' };
    expect(loadConfig(slack).slack).toEqual({ botToken: 'xoxb-1-2-abc', signingSecret: '8f742231b10e8888abcd99yyyzzz85a5', receiver: { kind: 'http' }, apiUrl: null });
    expect(loadConfig({ ...slack, SLACK_APP_TOKEN: 'xapp-1-A1-xyz', SLACK_API_URL: 'http://127.0.0.1:4010/api' }).slack).toMatchObject({
      receiver: { kind: 'socket', appToken: 'xapp-1-A1-xyz' }, apiUrl: 'http://127.0.0.1:4010/api/',
    });
    // With or without Teams: in local mode the bot still listens on loopback, on TERMLY_LOCAL_PORT.
    expect(loadConfig({ ...slack, TERMLY_LOCAL_PORT: '4000' })).toMatchObject({ mode: 'local', host: '127.0.0.1', port: 4000, teams: { mode: 'local' }, slack: { receiver: { kind: 'http' } } });
    expect(loadConfig({ ...slack, clientId: 'a', clientSecret: 'b', tenantId: 't', TERMLY_PUBLIC_URL: 'https://x.org' })).toMatchObject({
      mode: 'production', teams: { mode: 'production' }, slack: { botToken: 'xoxb-1-2-abc' },
    });
  });

  it('runs a trust on Slack alone in production mode when NODE_ENV says so: no Teams door, PORT honoured, the public address needed', () => {
    const slack = { SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_SIGNING_SECRET: '8f742231b10e8888abcd99yyyzzz85a5', NODE_ENV: 'production' };
    expect(problems(slack)).toEqual(['TERMLY_PUBLIC_URL: not set. Production mode needs the public https address of this server (where /slack/events is served), for calendar-file links.']);
    expect(loadConfig({ ...slack, TERMLY_PUBLIC_URL: 'https://termly.example.org/', PORT: '8080' })).toMatchObject({
      mode: 'production', host: '0.0.0.0', port: 8080, publicUrl: 'https://termly.example.org', teams: null, slack: { receiver: { kind: 'http' } },
    });
    expect(problems({ ...slack, TERMLY_PUBLIC_URL: 'https://x.org', TERMLY_LOCAL_PORT: '4000' }))
      .toEqual(['TERMLY_LOCAL_PORT: only used in local mode, but NODE_ENV is "production" (production mode). Remove it.']);
  });

  it('names what is missing or wrong in Slack\'s variables, never echoing a token or the signing secret', () => {
    expect(problems({ SLACK_BOT_TOKEN: 'xoxb-1-2-abc' })).toEqual([
      'SLACK_SIGNING_SECRET: not set, but SLACK_BOT_TOKEN is. Slack needs SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET together; leave both unset to run without Slack.',
    ]);
    expect(problems({ SLACK_SIGNING_SECRET: 'hunter2' })).toEqual([
      'SLACK_BOT_TOKEN: not set, but SLACK_SIGNING_SECRET is. Slack needs SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET together; leave both unset to run without Slack.',
    ]);
    expect(problems({ SLACK_APP_TOKEN: 'xapp-1-A1-xyz', SLACK_API_URL: 'https://slack.com/api/' })).toEqual([
      'SLACK_APP_TOKEN: only used with Slack, but SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET are not set. Set both to turn Slack on, or remove it.',
      'SLACK_API_URL: only used with Slack, but SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET are not set. Set both to turn Slack on, or remove it.',
    ]);
    const wrong = problems({ SLACK_BOT_TOKEN: 'xoxp-user-token-hunter2', SLACK_SIGNING_SECRET: 'hunter2', SLACK_APP_TOKEN: 'xoxb-hunter2', SLACK_API_URL: 'slack.com/api' });
    expect(wrong).toEqual([
      'SLACK_BOT_TOKEN: expected a bot token (the app\'s OAuth & Permissions page: Bot User OAuth Token), beginning xoxb-',
      'SLACK_APP_TOKEN: expected an app-level token with the connections:write scope (the app\'s Basic Information page), beginning xapp-',
      'SLACK_API_URL: expected an http(s) URL such as https://slack.com/api/ (got "slack.com/api")',
    ]);
    expect(JSON.stringify(wrong)).not.toContain('hunter2');
  });

  it('the message names every problem and points to .env.example', () => {
    expect(() => loadConfig({ PORT: 'x', TERMLY_LOCAL_PORT: '0' })).toThrow(/^The environment is not valid:\n {2}- PORT: .*\n {2}- TERMLY_LOCAL_PORT: .*\nSee \.env\.example/);
  });
});
