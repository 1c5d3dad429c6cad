import { Activity } from '@microsoft/agents-activity';
import { describe, expect, it } from 'vitest';
import { commandText, referenceFromStore, referenceToKeep } from '../../../src/channels/teams/index.js';

const channelMessage = Activity.fromObject({
  type: 'message', id: '1700000000001', channelId: 'msteams', serviceUrl: 'https://smba.trafficmanager.net/uk/',
  from: { id: '29:ceo', aadObjectId: 'a1' }, recipient: { id: '28:bot', name: 'Termly' },
  conversation: { id: '19:abc@thread.tacv2;messageid=1700000000000', conversationType: 'channel', tenantId: 't1', isGroup: true },
});

describe('conversation references', () => {
  it('a channel address is kept for the channel itself, not the thread, and without the message id', () => {
    const kept = referenceToKeep(channelMessage);
    expect(kept).toEqual({
      channelId: 'msteams', serviceUrl: 'https://smba.trafficmanager.net/uk/',
      conversation: { id: '19:abc@thread.tacv2', conversationType: 'channel', tenantId: 't1', isGroup: true },
      user: { id: '29:ceo', aadObjectId: 'a1' }, agent: { id: '28:bot', name: 'Termly' },
    });
    expect(referenceFromStore('channel:leadership', kept).conversation.id).toBe('19:abc@thread.tacv2');
  });

  it('a damaged address names what is wrong', () => {
    expect(() => referenceFromStore('person:x', { channelId: 'msteams', serviceUrl: 'not a url', conversation: { id: 'c' } }))
      .toThrow('the Teams address kept for person:x is not usable: serviceUrl: Invalid URL');
  });
});

describe('what a person typed', () => {
  it('loses the @mention that addressed the bot, and stray spacing', () => {
    expect(commandText({ text: '<at>Termly</at>&nbsp; /status   Reach Academy ' })).toBe('/status Reach Academy');
    expect(commandText({ text: undefined })).toBe('');
  });
});
