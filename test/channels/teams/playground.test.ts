import { readFileSync } from 'node:fs';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { configAs, personas, PLAYGROUND_CONFIG, PlaygroundError, startPlayground } from '../../../src/channels/teams/index.js';
import { loadDemoTrust } from '../../../src/trust/demo-file.js';

const text = readFileSync(PLAYGROUND_CONFIG, 'utf8');

describe('the playground personas', () => {
  it('by default the playground is the CEO of the demo trust', () => {
    const { persona } = configAs(PLAYGROUND_CONFIG, text, undefined);
    expect(persona).toEqual({ id: 'ceo', name: 'Chief Executive Officer', aadObjectId: '00000000-0000-0000-0000-0000000000020' });
  });

  it('can be the head of Reach Academy instead, with a personal chat of its own and five others', () => {
    for (const who of ['head-reach', 'Headteacher, Reach Academy', '00000000-0000-0000-0000-0000000000021']) {
      const { config, persona } = configAs(PLAYGROUND_CONFIG, text, who);
      expect(persona.aadObjectId).toBe('00000000-0000-0000-0000-0000000000021');
      expect((config.users as { id: string }[]).map((u) => u.id)).toEqual(['ceo', 'director-of-education', 'finance-lead', 'hr-lead', 'estates-lead']);
      expect(config.personalChat).toEqual({ id: 'personal-chat-head-reach' });
    }
  });

  it('every persona is on the demo trust roster under the same Teams id and name', () => {
    const roster = loadDemoTrust().trust.people;
    for (const p of personas(PLAYGROUND_CONFIG, text)) {
      const person = roster.find((r) => r.teams?.aadObjectId === p.aadObjectId);
      expect(person?.name, p.id).toBe(p.name);
    }
  });

  it('an unknown persona is refused with the choices', () => {
    expect(() => configAs(PLAYGROUND_CONFIG, text, 'governor')).toThrow(PlaygroundError);
    expect(() => configAs(PLAYGROUND_CONFIG, text, 'governor')).toThrow(/no user "governor" in .*; choose one of: ceo \(Chief Executive Officer\), head-reach \(Headteacher, Reach Academy\)/);
  });
});

describe('starting the playground', () => {
  it('refuses a port already in use rather than moving elsewhere, so the address it gives the bot is right', async () => {
    const taken = createServer().listen(0, '127.0.0.1');
    await once(taken, 'listening');
    const port = (taken.address() as { port: number }).port;
    try {
      await expect(startPlayground({ endpoint: 'http://127.0.0.1:3978/api/messages', port })).rejects.toThrow(`port ${port} on 127.0.0.1 is already in use`);
    } finally {
      taken.close();
    }
  });
});
