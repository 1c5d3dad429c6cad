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
      mode: 'local', storeFile: undefined, host: '127.0.0.1', port: 3978, publicUrl: 'http://127.0.0.1:3978', appId: 'termly-local', logLevel: 'info',
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
      mode: 'production', storeFile: undefined, host: '0.0.0.0', port: 8080, publicUrl: 'https://termly.example.org', appId: 'app-1', logLevel: 'info',
      credentials: { clientId: 'app-1', clientSecret: 's3cret', tenantId: 't-1' },
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
    expect(problems({ NODE_ENV: 'production' })[0]).toMatch(/^NODE_ENV: "production" needs the Teams credentials/);
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

  it('the message names every problem and points to .env.example', () => {
    expect(() => loadConfig({ PORT: 'x', TERMLY_LOCAL_PORT: '0' })).toThrow(/^The environment is not valid:\n {2}- PORT: .*\n {2}- TERMLY_LOCAL_PORT: .*\nSee \.env\.example/);
  });
});
