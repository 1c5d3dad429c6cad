/**
 * Two trusts in one deployment, on one PostgreSQL database, behind the real Teams door: the
 * Ethos demo trust (tenant A) and the Four Stages demo trust (tenant B). The two demo files give
 * their CEOs and heads the same Teams object ids, so only the tenant a request comes from tells
 * the trusts apart. Each test tries to cross from one trust into the other a way the door allows:
 * chat, card actions naming the other trust's school, an unknown tenant, links, the scheduler.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEFAULT_REVIEW_TIMING, loadCalendar } from '../../src/calendar/index.js';
import { createCardRenderer, loadCardTemplates } from '../../src/cards/index.js';
import { createSlackDoor, type SlackDoor } from '../../src/channels/slack/index.js';
import { createTeamsDoor, teamsRouter } from '../../src/channels/teams/index.js';
import { createOutbox, type Outbox } from '../../src/outbox/index.js';
import { offeredFiles } from '../../src/outputs/files.js';
import { DEFAULT_CHROMIUM } from '../../src/outputs/pdf.js';
import type { ReviewContext } from '../../src/review/context.js';
import { createReviewService, decisionCalendar } from '../../src/review/index.js';
import { loadRubrics } from '../../src/rubric/load.js';
import { createScheduler } from '../../src/scheduler/index.js';
import { Deployment } from '../../src/tenancy/deployment.js';
import { trustLinks } from '../../src/tenancy/links.js';
import { outboxPerTrust } from '../../src/tenancy/outboxes.js';
import { seedDemo } from '../../src/trust/index.js';
import { createWebLinks, sharedRoutes, startWebServer, type WebServer } from '../../src/web/index.js';
import { captureLog } from '../log-capture.js';
import { BOT, cardOf, Connector, PEOPLE, textsOf } from '../channels/teams/harness.js';
import { FakeSlackApi } from '../channels/slack/fake-slack-api.js';
import { SIGNING_SECRET, SLACK, SlackWorkspace, textsOf as slackTexts } from '../channels/slack/workspace.js';
import { suiteFor, useTestDatabase } from '../store/postgres.js';

const TENANT_A = 'aaaaaaaa-0000-0000-0000-00000000000a';
const TENANT_B = 'bbbbbbbb-0000-0000-0000-00000000000b';
/** The two trusts' Slack workspaces, and one neither trust names. */
const WORKSPACES = { ethos: 'T0ETHOS', saltmarsh: 'T0SALTMARSH', stranger: 'T0STRANGER' } as const;
const NOW = new Date('2026-11-30T10:00:00Z');
const db = useTestDatabase();

suiteFor('postgres')('two trusts in one deployment', () => {
  const connector = new Connector();
  let deployment: Deployment;
  let ctx: ReviewContext;
  let server: WebServer;
  let outbox: Outbox;
  let slackDoor: SlackDoor;
  /** One fake Slack per workspace; the bot's Web API calls go to the first, answers to each request's response_url. */
  const fakes = Object.values(WORKSPACES).map((id) => new FakeSlackApi({ team: { id, domain: id.toLowerCase() }, users: [{ id: SLACK.ceo, name: 'CEO' }] }));
  const workspaces = new Map<string, SlackWorkspace>();
  let seq = 0;

  beforeAll(async () => {
    deployment = new Deployment(await db!.fresh());
    const rubrics = loadRubrics();
    for (const [name, trustId, tenantId] of [['ethos', 'ethos', TENANT_A], ['four-stages', 'saltmarsh', TENANT_B]] as const) {
      await deployment.within(trustId, async () => {
        await seedDemo(deployment.store, rubrics, NOW, name);
        const trust = (await deployment.store.getTrust())!;
        const own = { teams: { tenantId }, slack: { teamId: WORKSPACES[trustId] } };
        await deployment.store.saveTrust({ ...structuredClone(trust), ...own }, { at: NOW.toISOString(), actor: 'test', action: 'trust.tenant', subject: `trust:${trustId}` });
      });
    }
    await connector.start();
    const captured = captureLog();
    // As `npm start` wires a deployment: links naming their trust, the Teams door routing by
    // tenant, one outbox per trust (at once, as in local mode), the links served within their trust.
    const links = trustLinks(deployment);
    let ownUrl = 'http://127.0.0.1';
    const webLinks = createWebLinks(null, () => ownUrl, links);
    const door = createTeamsDoor({
      credentials: null, appId: 'termly-test', links: webLinks, store: deployment.store, route: teamsRouter(deployment),
      renderer: createCardRenderer(loadCardTemplates()), now: () => NOW, log: captured.log,
    });
    for (const fake of fakes) await fake.start();
    slackDoor = createSlackDoor({
      config: { botToken: fakes[0]!.token, signingSecret: SIGNING_SECRET, receiver: { kind: 'http' }, apiUrl: fakes[0]!.apiUrl },
      links: webLinks, store: deployment.store, trusts: deployment, now: () => NOW, log: captured.log,
    });
    outbox = outboxPerTrust(deployment, () => createOutbox({ store: deployment.store, calendar: loadCalendar(), deliverers: [door.deliverer, slackDoor.deliverer], timing: 'at-once', log: captured.log }));
    outbox.start();
    ctx = { store: deployment.store, rubrics, calendar: loadCalendar(), windowConfig: DEFAULT_REVIEW_TIMING, now: () => NOW, outbound: outbox, trusts: deployment };
    server = await startWebServer({
      host: '127.0.0.1', port: 0, log: captured.log,
      routes: [
        ...sharedRoutes({ links: webLinks, calendarFile: (id) => decisionCalendar(ctx, id), offeredFile: offeredFiles(ctx, DEFAULT_CHROMIUM), trusts: links, log: captured.log }),
        ...door.init(createReviewService(ctx)),
        ...slackDoor.init(createReviewService(ctx)),
      ],
    });
    ownUrl = server.url;
    await door.start();
    await slackDoor.start();
    for (const fake of fakes) workspaces.set(fake.team.id, new SlackWorkspace(fake, `${server.url}/slack/events`));
  }, 60_000);

  afterAll(async () => {
    await slackDoor?.stop();
    await server?.close();
    await outbox?.stop();
    await connector.stop();
    for (const fake of fakes) await fake.stop();
  });

  /** An activity from the CEO (the same Teams object id in both trusts) in a tenant, or none. */
  function activity(tenant: string | null, extra: Record<string, unknown>) {
    const person = PEOPLE.ceo;
    return {
      id: `two-trusts-${++seq}`, channelId: 'msteams', serviceUrl: connector.url, timestamp: NOW.toISOString(),
      from: { id: person.id, name: person.name, aadObjectId: person.aadObjectId }, recipient: BOT,
      conversation: { id: `a:personal-${tenant ?? 'none'}`, conversationType: 'personal', ...(tenant ? { tenantId: tenant } : {}) },
      channelData: tenant ? { tenant: { id: tenant } } : {},
      locale: 'en-GB',
      ...extra,
    };
  }

  async function post(body: Record<string, unknown>) {
    const res = await fetch(`${server.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, text: await res.text() };
  }

  /** What the bot answered to a message: the words of its card. */
  async function say(tenant: string | null, text: string): Promise<{ words: string; card: Record<string, unknown> }> {
    const sent = activity(tenant, { type: 'message', text });
    expect((await post(sent)).status).toBe(200);
    const reply = connector.posted.find((p) => p.replyToId === sent.id)!;
    const card = cardOf(reply.activity);
    return { words: textsOf(card).join(' '), card: card as unknown as Record<string, unknown> };
  }

  async function press(tenant: string, verb: string, data: Record<string, unknown>): Promise<string> {
    const res = await post(activity(tenant, { type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' } }));
    expect(res.status).toBe(200);
    const body = JSON.parse(res.text) as { type: string; value: unknown };
    return typeof body.value === 'string' ? body.value : textsOf(body.value).join(' ');
  }

  const count = async (table: string, trustId: string) => Number((await deployment.database.pool.query(`select count(*) from ${table} where trust_id = $1`, [trustId])).rows[0].count);

  it('shows each tenant its own trust only: the overview lists its schools and none of the other\'s', async () => {
    const a = await say(TENANT_A, '/status');
    const b = await say(TENANT_B, '/status');
    expect(a.words).toContain('Reach Academy');
    expect(a.words).not.toContain('Harbour View');
    expect(b.words).toContain('Harbour View');
    expect(b.words).not.toContain('Reach Academy');
  });

  it('finds no school of the other trust by name: it suggests only the asker\'s own', async () => {
    const { words } = await say(TENANT_A, '/status Harbour View Primary');
    expect(words).not.toMatch(/Harbour View Primary —|Category:/);
    expect(words).toContain('Reach Academy');
    expect(words).not.toContain('Saltmarsh');
  });

  it('refuses card actions naming the other trust\'s school, window or decision, and writes nothing there', async () => {
    const before = await Promise.all(['decisions', 'submissions', 'evaluations', 'audit'].map((t) => count(t, 'saltmarsh')));
    const [bDecision] = await deployment.within('saltmarsh', () => deployment.store.listDecisions());
    const bWindow = bDecision!.windowId;
    const school = bDecision!.schoolId;
    const answers = [
      await press(TENANT_A, 'status.show', { schoolId: school }),
      await press(TENANT_A, 'review.start', { schoolId: school }),
      await press(TENANT_A, 'decision.confirm', { schoolId: school, windowId: bWindow, proposalId: 'any', priorities: [] }),
      await press(TENANT_A, 'decision.override', { schoolId: school, windowId: bWindow, category: 'secure', rationale: 'Crossing from another trust.', priorities: [] }),
      await press(TENANT_A, 'pairing.confirm', { decisionId: bDecision!.id, area: 'leadership', peerSchoolId: school }),
    ];
    for (const answer of answers) expect(answer).not.toContain('Harbour View');
    expect(await Promise.all(['decisions', 'submissions', 'evaluations', 'audit'].map((t) => count(t, 'saltmarsh')))).toEqual(before);
  });

  it('refuses a tenant that is neither trust\'s, and a request naming no tenant, keeping nothing of them', async () => {
    const conversations = await Promise.all(['ethos', 'saltmarsh'].map((t) => count('conversations', t)));
    const stranger = await say('cccccccc-0000-0000-0000-00000000000c', '/status');
    expect(stranger.words).toContain('does not serve your Microsoft 365 organisation (cccccccc-0000-0000-0000-00000000000c)');
    const none = await say(null, '/status Reach Academy');
    expect(none.words).toContain('Termly cannot tell which trust you belong to');
    const pressed = await post(activity('cccccccc-0000-0000-0000-00000000000c', { type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: 'status.show', data: { schoolId: 'reach-academy' } } } }));
    expect(JSON.parse(pressed.text).value).toContain('does not serve your Microsoft 365 organisation');
    expect(await Promise.all(['ethos', 'saltmarsh'].map((t) => count('conversations', t)))).toEqual(conversations);
  });

  it('serves a link only as the trust it was made for: another trust\'s name in it is refused', async () => {
    const { card } = await say(TENANT_A, '/report');
    const links = JSON.stringify(card).match(/http:\/\/127\.0\.0\.1:\d+\/files\/report\.html\/[^)"\]\s]+/g) ?? [];
    expect(links.length).toBeGreaterThan(0);
    const link = links[0]!;
    expect(decodeURIComponent(link)).toContain('/ethos/');
    const page = await fetch(link);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Reach Academy');
    expect(html).not.toContain('Harbour View');
    // The same link pointed at the other trust: its signature no longer matches.
    const crossed = await fetch(link.replace(/\/ethos%2F/i, '/saltmarsh%2F'));
    expect(crossed.status).toBe(404);
  });

  /** The CEO's /status in a Slack workspace (the same Slack user id in both trusts): the words answered to them there. */
  async function slackStatus(team: string, text: string): Promise<{ ack: string; answered: string }> {
    const workspace = workspaces.get(team)!;
    const before = workspace.fake.ephemeralsFor(SLACK.ceo).length;
    const ack = await workspace.slash(SLACK.ceo, '/termly-status', text);
    expect(ack.status).toBe(200);
    await slackDoor.idle();
    const ackWords = ack.json ? slackTexts((ack.json as { blocks?: unknown }).blocks).join(' ') : '';
    return { ack: ackWords, answered: workspace.fake.ephemeralsFor(SLACK.ceo).slice(before).flatMap((m) => slackTexts(m.blocks)).join(' ') };
  }

  it('shows each Slack workspace its own trust only, the same Slack user id in both', async () => {
    const a = await slackStatus(WORKSPACES.ethos, '');
    const b = await slackStatus(WORKSPACES.saltmarsh, '');
    expect(a.answered).toContain('Reach Academy');
    expect(a.answered).not.toContain('Harbour View');
    expect(b.answered).toContain('Harbour View');
    expect(b.answered).not.toContain('Reach Academy');
    const crossing = await slackStatus(WORKSPACES.ethos, 'Harbour View Primary');
    expect(crossing.answered).not.toMatch(/Harbour View Primary —|Category:/);
  });

  it('refuses a Slack workspace that is neither trust\'s, keeping nothing of it', async () => {
    const conversations = await Promise.all(['ethos', 'saltmarsh'].map((t) => count('conversations', t)));
    const stranger = await slackStatus(WORKSPACES.stranger, 'Reach Academy');
    expect(stranger.ack).toContain(`does not serve your Slack workspace (${WORKSPACES.stranger})`);
    expect(stranger.answered).toBe('');
    const dm = await workspaces.get(WORKSPACES.stranger)!.dm(SLACK.ceo, '/status Reach Academy');
    expect(dm.status).toBe(200);
    await slackDoor.idle();
    expect(fakes[0]!.calls.filter((c) => c.method === 'chat.postMessage' && JSON.stringify(c.args).includes('Reach Academy'))).toEqual([]);
    expect(await Promise.all(['ethos', 'saltmarsh'].map((t) => count('conversations', t)))).toEqual(conversations);
  });

  it('runs the scheduler for each trust within its own trust', async () => {
    const report = await createScheduler({ ctx }).tick(NOW);
    expect(report.jobs.length).toBeGreaterThan(0);
    const runs = await Promise.all(['ethos', 'saltmarsh'].map((t) => deployment.within(t, () => deployment.store.listJobRuns())));
    expect(runs[0]!.length).toBeGreaterThan(0);
    expect(runs[1]!.length).toBeGreaterThan(0);
    // Every job the tick ran is recorded once, in the store of the trust it ran for.
    expect(runs[0]!.length + runs[1]!.length).toBe(report.jobs.length);
    // Outside any trust the store refuses: the scheduler never reads one by default.
    await expect(deployment.store.listJobRuns()).rejects.toThrow('outside any trust\'s scope');
  });

  it('refuses to give a trust a tenant another trust has', async () => {
    const taken = deployment.within('saltmarsh', async () => {
      const trust = (await deployment.store.getTrust())!;
      await deployment.store.saveTrust({ ...structuredClone(trust), teams: { tenantId: TENANT_A.toUpperCase() } }, { at: NOW.toISOString(), actor: 'test', action: 'trust.tenant', subject: 'trust:saltmarsh' });
    });
    await expect(taken).rejects.toThrow('teams.tenantId: the tenant "AAAAAAAA-0000-0000-0000-00000000000A" belongs to another trust');
  });
});
