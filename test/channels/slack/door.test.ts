/**
 * The Slack door on the real Bolt receiver, driven by signed requests as Slack sends them, with
 * the Web API and response_urls served by the fake: commands answered where a person expects,
 * Slack's rules kept (acknowledged at once, a retried event handled once, a forged or stale
 * request refused with 401 and nothing changed), and someone not on the roster told who to ask.
 */
import { describe, expect, it } from 'vitest';
import { createSlackDoor } from '../../../src/channels/slack/index.js';
import { STORE_FAULT_MESSAGE } from '../../../src/channels/trouble.js';
import { createWebLinks } from '../../../src/web/index.js';
import { StoreFaultError, type MemoryStore } from '../../../src/store/index.js';
import { CHANNELS, signed, SLACK, harnessPerTest, textsOf, type SlackHarness } from './harness.js';

let h: SlackHarness;
harnessPerTest((made) => {
  h = made;
});

const written = () => (h.store as MemoryStore).recordsWritten;

describe('slash commands', () => {
  it('/status Reach Academy from the CEO is acknowledged with 200 and answered with blocks naming the school and its category', async () => {
    const ack = await h.slash(SLACK.ceo, '/status', 'Reach Academy');
    expect(ack.status).toBe(200);
    expect(ack.text).toBe('');
    await h.idle();
    const [answer] = h.fake.ephemeralsFor(SLACK.ceo);
    expect(answer!.text).toBe('Reach Academy: IMPROVE');
    const texts = textsOf(answer!.blocks);
    expect(texts).toContain('Reach Academy');
    expect(texts.some((t) => t.includes('IMPROVE'))).toBe(true);
  });

  it('/termly-status, the name in the manifest, answers the same; a command Termly does not have is refused by name', async () => {
    await h.slash(SLACK.ceo, '/termly-status', 'reach');
    await h.slash(SLACK.ceo, '/weather', 'today');
    await h.idle();
    const [status, unknown] = h.fake.ephemeralsFor(SLACK.ceo);
    expect(status!.text).toBe('Reach Academy: IMPROVE');
    expect(textsOf(unknown!.blocks).join(' ')).toContain('/weather is not one of Termly\'s commands');
  });

  it('answers in the channel for all to see in the CEO\'s own direct message and in leadership\'s channel, to the person alone elsewhere', async () => {
    await h.dm(SLACK.ceo, 'hello');
    await h.mention(SLACK.ceo, CHANNELS.leadership, 'help');
    await h.idle();
    const inDm = h.fake.messagesIn(h.dmOf(SLACK.ceo)).length;
    const inChannel = h.fake.messagesIn(CHANNELS.leadership).length;

    await h.slash(SLACK.ceo, '/termly-status', 'Reach Academy');
    await h.slash(SLACK.ceo, '/termly-status', 'Reach Academy', CHANNELS.leadership);
    await h.slash(SLACK.ceo, '/termly-status', 'Reach Academy', CHANNELS.staffroom);
    await h.idle();
    expect(h.fake.messagesIn(h.dmOf(SLACK.ceo)).slice(inDm).map((m) => m.text)).toEqual(['Reach Academy: IMPROVE']);
    expect(h.fake.messagesIn(CHANNELS.leadership).slice(inChannel).map((m) => m.text)).toEqual(['Reach Academy: IMPROVE']);
    expect(h.fake.messagesIn(CHANNELS.staffroom)).toEqual([]);
    expect(h.fake.ephemeralsFor(SLACK.ceo, CHANNELS.staffroom).map((m) => m.text)).toEqual(['Reach Academy: IMPROVE']);
  });

  it('a head sees their own school, and is refused another, to themselves alone', async () => {
    await h.slash(SLACK.headReach, '/termly-status', '');
    await h.slash(SLACK.headReach, '/termly-status', 'Engage Academy');
    await h.idle();
    const [own, other] = h.fake.ephemeralsFor(SLACK.headReach);
    expect(own!.text).toBe('Reach Academy: IMPROVE');
    expect(textsOf(other!.blocks)).toEqual(['Sorry, you can see and answer for your own school only, not Engage Academy.']);
  });
});

describe('someone not on the roster', () => {
  it('is told who to ask, by command, direct message or mention, and nothing is kept or changed', async () => {
    const before = written();
    await h.slash(SLACK.stranger, '/termly-status', 'Reach Academy');
    await h.dm(SLACK.stranger, 'review');
    await h.mention(SLACK.stranger, CHANNELS.staffroom, '/status Reach Academy');
    await h.idle();
    const told = [
      ...h.fake.ephemeralsFor(SLACK.stranger).map((m) => textsOf(m.blocks).join(' ')),
      ...h.fake.messagesIn(h.dmOf(SLACK.stranger)).map((m) => textsOf(m.blocks).join(' ')),
    ];
    expect(told).toHaveLength(3);
    for (const said of told) expect(said).toBe("Sorry, I can only help people on the trust's roster, and I can't find you there. Please ask the trust's central team to add you.");
    // The refusal in a channel is shown to the stranger alone.
    expect(h.fake.messagesIn(CHANNELS.staffroom)).toEqual([]);
    expect(written()).toBe(before);
  });
});

describe('Slack\'s rules', () => {
  it('an event Slack sends again (X-Slack-Retry-Num, the same event_id) is handled once: one answer, one change', async () => {
    await h.dm(SLACK.headReach, 'hello');
    await h.idle();
    const window = (await h.store.listWindows()).find((w) => w.state === 'open')!;
    const version = (await h.store.getSubmission('reach-academy', window.id))?.version ?? 0;
    const posted = h.fake.callsTo('chat.postMessage').length;

    expect((await h.dm(SLACK.headReach, 'attendance 91.4', { eventId: 'Ev0FIGURE' })).status).toBe(200);
    await h.idle();
    expect((await h.dm(SLACK.headReach, 'attendance 91.4', { eventId: 'Ev0FIGURE', retry: 1 })).status).toBe(200);
    await h.idle();
    const submission = (await h.store.getSubmission('reach-academy', window.id))!;
    expect(submission.answers.indicators.attendance).toBe(91.4);
    expect(submission.version).toBe(version + 1);
    const answers = h.fake.callsTo('chat.postMessage').slice(posted);
    expect(answers).toHaveLength(1);
    expect(textsOf(answers[0]!.args.blocks).join(' ')).toContain('91.4');
  });

  it('refuses with 401 a request with a bad signature or an old timestamp, and nothing changes', async () => {
    const before = written();
    const calls = h.fake.calls.length;
    const body = new URLSearchParams({ command: '/review', text: 'close', user_id: SLACK.ceo, channel_id: CHANNELS.leadership, team_id: 'T0DEMO', trigger_id: h.fake.trigger(SLACK.ceo), response_url: h.fake.responseUrl({ channel: CHANNELS.leadership, userId: SLACK.ceo }) }).toString();
    const form = 'application/x-www-form-urlencoded';
    expect((await h.post(body, form, signed(body, { secret: 'not-the-signing-secret' }))).status).toBe(401);
    expect((await h.post(body, form, signed(body, { at: Math.floor(Date.now() / 1000) - 6 * 60 }))).status).toBe(401);
    expect((await h.post(body, form, {})).status).toBe(401);
    // Signed for one body, sent with another.
    expect((await h.post(body.replace('close', 'open'), form, signed(body))).status).toBe(401);
    await h.idle();
    expect(written()).toBe(before);
    expect(h.fake.calls.length).toBe(calls);
    expect((await h.store.listWindows()).filter((w) => w.state === 'open')).toHaveLength(1);
    // The same request, signed, is done.
    expect((await h.post(body, form, signed(body))).status).toBe(200);
    await h.idle();
    expect((await h.store.listWindows()).filter((w) => w.state === 'open')).toHaveLength(0);
  });

  it('does not start with a token Slack refuses, saying which variable to fix', async () => {
    const door = createSlackDoor({
      config: { botToken: 'xoxb-not-this-one', signingSecret: 'x', receiver: { kind: 'http' }, apiUrl: h.fake.apiUrl },
      links: createWebLinks(null, () => 'http://127.0.0.1'), store: h.store, now: () => new Date(), log: h.captured.log,
    });
    door.init({} as never);
    await expect(door.start()).rejects.toThrow('Slack did not accept SLACK_BOT_TOKEN (auth.test answered invalid_auth); copy the Bot User OAuth Token from the app\'s OAuth & Permissions page');
  });

  it('answers Slack\'s URL check, and 503 with Retry-After while stopped', async () => {
    const challenge = JSON.stringify({ type: 'url_verification', challenge: 'a-challenge', token: 'unused' });
    expect((await h.post(challenge, 'application/json')).json).toEqual({ challenge: 'a-challenge' });
    await h.door.stop();
    const refused = await h.slash(SLACK.ceo, '/termly-status', 'Reach Academy');
    expect(refused.status).toBe(503);
    await h.door.start();
    expect((await h.slash(SLACK.ceo, '/termly-status', 'Reach Academy')).status).toBe(200);
  });
});

describe('when something fails', () => {
  it('the store\'s failure is said in plain words, and anything else as a reference to quote, never a stack', async () => {
    await h.dm(SLACK.headReach, 'hello');
    await h.idle();
    const save = h.store.saveSubmission.bind(h.store);
    h.store.saveSubmission = async () => {
      throw new StoreFaultError('the disk refused a write');
    };
    await h.dm(SLACK.headReach, 'attendance 91.4');
    await h.idle();
    expect(textsOf(h.fake.messagesIn(h.dmOf(SLACK.headReach)).at(-1)!.blocks).join(' ')).toBe(STORE_FAULT_MESSAGE);

    h.store.saveSubmission = async () => {
      throw new Error('an unexpected failure');
    };
    await h.dm(SLACK.headReach, 'attendance 91.4');
    await h.idle();
    h.store.saveSubmission = save;
    const logged = h.captured.takeErrors();
    const references = logged.map((l) => l.reference as string);
    expect(references).toHaveLength(1);
    const said = textsOf(h.fake.messagesIn(h.dmOf(SLACK.headReach)).at(-1)!.blocks).join(' ');
    expect(said).toMatch(/^\*Sorry, something went wrong on my side\.\*\s+Please try again in a moment\./);
    expect(said).toContain(`quote reference ${references[0]}.`);
    expect(said).not.toContain('an unexpected failure');
  });
});

describe('chat', () => {
  it('a direct message is answered in it; a figure typed while a review is open is saved', async () => {
    await h.dm(SLACK.headReach, 'help');
    await h.idle();
    const [help] = h.fake.messagesIn(h.dmOf(SLACK.headReach));
    expect(help!.text).toBe('What I can do');
    const kept = await h.store.getConversation('person:head-reach-academy', 'slack');
    expect(kept?.reference).toEqual({ user: SLACK.headReach, channel: h.dmOf(SLACK.headReach) });
  });

  it('a spreadsheet of figures shared by the CEO in their direct message is imported; a head\'s is refused, as is a file not a spreadsheet or not Slack\'s', async () => {
    const window = (await h.store.listWindows()).find((w) => w.state === 'open')!;
    const sheet = h.fake.shareFile('figures.csv', 'School,Attendance (%)\nReach Academy,91.4\n');
    await h.share(SLACK.ceo, [sheet]);
    await h.idle();
    const imported = h.fake.messagesIn(h.dmOf(SLACK.ceo)).at(-1)!;
    expect(imported.text).toBe('Imported figures.csv');
    expect((await h.store.getSubmission('reach-academy', window.id))!.answers.indicators.attendance).toBe(91.4);

    // The head's direct message is known already, so keeping it writes nothing.
    await h.dm(SLACK.headReach, 'hello');
    await h.idle();
    const before = written();
    const mine = h.fake.shareFile('mine.csv', 'School,Attendance (%)\nReach Academy,50\n');
    await h.share(SLACK.headReach, [mine]);
    const minutes = h.fake.shareFile('minutes.pdf', '%PDF-1.4');
    await h.share(SLACK.ceo, [minutes]);
    await h.share(SLACK.ceo, [{ ...sheet, url_private_download: 'https://files.example.org/figures.csv' }], 'dry run');
    await h.idle();
    expect(textsOf(h.fake.messagesIn(h.dmOf(SLACK.headReach)).at(-1)!.blocks).join(' ')).toBe('Sorry, importing figures from a spreadsheet is for trust leadership only.');
    const [pdf, elsewhere] = h.fake.messagesIn(h.dmOf(SLACK.ceo)).slice(-2).map((m) => textsOf(m.blocks).join(' '));
    expect(pdf).toBe('I can import figures from a .csv or .xlsx file; "minutes.pdf" is neither.');
    expect(elsewhere).toBe('Nothing was imported: figures.csv is offered from https://files.example.org, which is not Slack\'s; it was not read.');
    expect(written()).toBe(before);
    // The spreadsheets were read with the bot's token; the PDF was never fetched.
    expect(h.fake.callsTo('files-pri').map((c) => [c.args.file, c.status])).toEqual([[sheet.id, 200], [mine.id, 200]]);
  });

  it('a decider\'s first @mention in a channel makes it leadership\'s, said there; another person\'s makes nothing of it', async () => {
    await h.mention(SLACK.headReach, CHANNELS.staffroom, 'help');
    await h.mention(SLACK.ceo, CHANNELS.leadership, '/status Reach Academy');
    await h.idle();
    expect(h.fake.messagesIn(CHANNELS.leadership).map((m) => m.text)).toEqual(['Leadership updates will be posted here', 'Reach Academy: IMPROVE']);
    expect(h.fake.messagesIn(CHANNELS.staffroom).map((m) => m.text)).toEqual(['What I can do']);
    expect((await h.store.getConversation('channel:leadership', 'slack'))?.reference).toEqual({ channel: CHANNELS.leadership });
  });

  it('the Home tab shows a head what is due, with Start, and their school; leadership the trust at a glance; and changes nothing', async () => {
    const before = written();
    await h.openHome(SLACK.headReach);
    await h.openHome(SLACK.ceo);
    await h.openHome(SLACK.stranger);
    await h.idle();
    const head = textsOf(h.fake.home(SLACK.headReach)!.view.blocks);
    expect(head).toContain('Start');
    expect(head).toContain('Reach Academy');
    const ceo = textsOf(h.fake.home(SLACK.ceo)!.view.blocks);
    for (const school of ['Engage Academy', 'Reach Academy', 'Elements Academy', 'Ethos College', 'Evolve Academy', 'Enrich Academy']) expect(ceo.join(' ')).toContain(school);
    expect(textsOf(h.fake.home(SLACK.stranger)!.view.blocks).join(' ')).toContain("Please ask the trust's central team to add you.");
    expect(written()).toBe(before);
  });

  it('the Messages tab opened for the first time greets a head with their review\'s Start', async () => {
    await h.openHome(SLACK.headReach, 'messages');
    await h.openHome(SLACK.headReach, 'messages');
    await h.idle();
    const greeted = h.fake.messagesIn(h.dmOf(SLACK.headReach));
    expect(greeted).toHaveLength(1);
    expect(textsOf(greeted[0]!.blocks)).toContain('Start');
  });
});
