/**
 * End to end, as people see it: `npm start`'s local mode (with a fresh store) and the Agents
 * Playground, a second playground as the head of Reach Academy, both driven in headless
 * Chromium. The head completes the questionnaire with Safeguarding judged Intervention required
 * (a red line), the proposal suggests a peer strong in Safeguarding, the CEO agrees one line's
 * level on the proposal, confirms it in the leadership channel, pairs Reach Academy with that
 * peer from the decision post, the peer's head (a third playground) is asked and confirms,
 * `/status` shows the decided category and the pairing for both schools, and another weak area
 * is paired from the post's list of every suggestion.
 *
 * Needs Chromium (Debian's /usr/bin/chromium, or TERMLY_CHROMIUM); no browser is downloaded.
 * Screenshots of each stage are left in the test's temporary folder, named in the output; each
 * card a person reads (the head's questionnaire step, the summary, the proposal, the decision
 * post, /status) is also saved on its own in test-results/cards/, and none may be taller than
 * 1,600 px in a 1,400 px wide window.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { freePort } from '../process/bot.js';
import { PLAYGROUND_CONFIG, startPlayground, type Playground } from '../../src/channels/teams/index.js';

const CHROMIUM = process.env.TERMLY_CHROMIUM ?? '/usr/bin/chromium';
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const STEP_TIMEOUT = 30_000;
/** Where each card's own screenshot is kept (ignored by git). */
const CARD_SHOTS = join(ROOT, 'test-results', 'cards');
/** About one screen: a card taller than this, in a window this wide, is too long to read in chat. */
const MAX_CARD_HEIGHT = 1_600;
const WINDOW_WIDTH = 1_400;

/** Saves a card's own screenshot and returns its height in pixels. */
async function cardShot(card: Locator, name: string): Promise<number> {
  await card.scrollIntoViewIfNeeded();
  await card.screenshot({ path: join(CARD_SHOTS, `${name}.png`) });
  const box = await card.boundingBox();
  expect(box, `${name}: the card has no size`).not.toBeNull();
  return Math.round(box!.height);
}

/** A card that must fit about one screen. */
async function shortCard(card: Locator, name: string): Promise<void> {
  const height = await cardShot(card, name);
  expect(height, `${name} is ${height} px tall`).toBeLessThanOrEqual(MAX_CARD_HEIGHT);
}

/** Starts `npm start`'s program and waits for its playground line. */
function startLocalMode(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; playgroundUrl: string; output: string[] }> {
  const tsx = createRequire(import.meta.url).resolve('tsx/cli');
  const child = spawn(process.execPath, [tsx, 'src/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`local mode did not start:\n${output.join('')}`)), 90_000);
    const onData = (chunk: Buffer) => {
      output.push(chunk.toString('utf8'));
      const match = /playground: (http:\/\/127\.0\.0\.1:\d+)/.exec(output.join(''));
      if (match) {
        clearTimeout(timer);
        resolve({ child, playgroundUrl: match[1]!, output });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`local mode exited (${code}):\n${output.join('')}`));
    });
  });
}

/** The newest card on the page that shows `text`. */
const card = (page: Page, text: string | RegExp): Locator => page.locator('.ac-adaptiveCard').filter({ hasText: text }).last();

async function say(page: Page, text: string): Promise<void> {
  const box = page.locator('[data-lexical-editor=true]').last();
  await box.click();
  await box.pressSequentially(text);
  await box.press('Enter');
}

/** Posts in the open channel, @mentioning the bot. */
async function postToBot(page: Page, text: string): Promise<void> {
  const box = page.locator('[data-lexical-editor=true]').first();
  await box.click();
  await box.pressSequentially('@');
  await page.getByRole('menuitem', { name: 'Termly' }).click();
  await box.pressSequentially(` ${text}`);
  await page.getByRole('button', { name: 'Post' }).click();
}

/** Answers one questionnaire card as a head would: best level everywhere but safeguarding, statements met, a figure in range. */
async function answerStep(step: Locator): Promise<void> {
  const groups = step.getByRole('radiogroup');
  for (let i = 0; i < await groups.count(); i++) await groups.nth(i).getByRole('radio').first().check();
  // Safeguarding judged "Intervention required" (its last level): the limiting rule proposes STABILISE.
  const safeguarding = step.getByRole('radiogroup', { name: /^Safeguarding/ });
  if (await safeguarding.count()) await safeguarding.getByRole('radio').last().check();
  // Figure fields say their range in their placeholder ("A figure from 0 to 100").
  const figures = step.getByPlaceholder(/^A figure/);
  for (let i = 0; i < await figures.count(); i++) {
    const input = figures.nth(i);
    const range = /from (-?[\d.]+) to (-?[\d.]+)/.exec((await input.getAttribute('placeholder')) ?? '');
    const [min, max] = range ? [Number(range[1]), Number(range[2])] : [0, 10];
    await input.fill(String(Math.round((min + max) / 2)));
  }
}

/**
 * A copy of the playground's people with the head of `schoolName` (from the demo trust) in
 * place of its last user, so a playground can run as that head: the file offers five people.
 */
function playgroundWithHeadOf(schoolName: string, dir: string): { file: string; persona: string } {
  type Person = { id: string; name: string; roles: string[]; schoolIds?: string[]; teams: { aadObjectId: string } };
  const demo = parse(readFileSync(join(ROOT, 'data/demo/ethos-trust.yaml'), 'utf8')) as { trust: { schools: { id: string; name: string }[]; people: Person[] } };
  const school = demo.trust.schools.find((s) => s.name === schoolName)!;
  const head = demo.trust.people.find((p) => p.roles.includes('head') && p.schoolIds?.includes(school.id))!;
  const config = parse(readFileSync(PLAYGROUND_CONFIG, 'utf8')) as { users: Record<string, string>[] };
  config.users[config.users.length - 1] = {
    id: head.id, name: head.name, userPrincipleName: `${head.id}@ethos.example.org`, aadObjectId: head.teams.aadObjectId,
    givenName: 'Headteacher', surname: schoolName, email: `${head.id}@ethos.example.org`,
  };
  const file = join(dir, `playground-${head.id}.yml`);
  writeFileSync(file, stringify(config));
  return { file, persona: head.id };
}

// No Chromium is a set-up mistake, not a reason to pass: say how to fix it.
if (!existsSync(CHROMIUM)) {
  throw new Error(`The end-to-end test needs Chromium at ${CHROMIUM}: install Debian's package (apt-get install chromium) or set TERMLY_CHROMIUM.`);
}

describe('the Teams door in the Agents Playground', () => {
  let dir: string;
  let bot: Awaited<ReturnType<typeof startLocalMode>>;
  let headPlayground: Playground;
  let browser: Browser;
  let ceo: Page;
  let head: Page;
  let env: NodeJS.ProcessEnv;
  let endpoint: string;
  /** The peer the proposal suggests for Safeguarding, and its head's own playground once opened. */
  let peer: string;
  let peerPlayground: Playground | undefined;
  let peerHead: Page | undefined;
  const shot = (page: Page, name: string) => page.screenshot({ path: join(dir, `${name}.png`) });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'termly-e2e-'));
    mkdirSync(CARD_SHOTS, { recursive: true });
    const [botPort, ceoPort, headPort] = [await freePort(), await freePort(), await freePort()];
    env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      TERMLY_STORE: join(dir, 'store.json'),
      TERMLY_LOCAL_PORT: String(botPort),
      TERMLY_PLAYGROUND_PORT: String(ceoPort),
      // The clock's jobs would message people at start; this test is about what people do.
      TERMLY_SCHEDULER: 'off',
      TEAMSAPPTESTER_BROWSER: 'none',
    };
    bot = await startLocalMode(env);
    endpoint = `http://127.0.0.1:${botPort}/api/messages`;
    headPlayground = await startPlayground({ endpoint, port: headPort, persona: 'head-reach', env });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    // Tall enough that a card up to the limit is on screen whole when its screenshot is taken.
    ceo = await browser.newPage({ viewport: { width: WINDOW_WIDTH, height: 2000 } });
    head = await browser.newPage({ viewport: { width: WINDOW_WIDTH, height: 2000 } });
    ceo.setDefaultTimeout(STEP_TIMEOUT);
    head.setDefaultTimeout(STEP_TIMEOUT);
  }, 150_000);

  // What each person saw when a step failed.
  afterEach(async (context) => {
    if (context.task.result?.state !== 'fail') return;
    const name = context.task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 40);
    await Promise.allSettled([ceo && shot(ceo, `failed-${name}-ceo`), head && shot(head, `failed-${name}-head`), peerHead && shot(peerHead, `failed-${name}-peer-head`)]);
  });

  afterAll(async () => {
    await browser?.close();
    await headPlayground?.stop();
    await peerPlayground?.stop();
    if (bot?.child.exitCode === null) {
      const exited = new Promise((done) => bot.child.once('exit', done));
      bot.child.kill('SIGINT');
      await exited;
    }
    process.stdout.write(`e2e screenshots: ${dir}\n`);
    if (!process.env.TERMLY_E2E_KEEP) rmSync(join(dir, 'store.json'), { force: true });
  }, 30_000);

  it('the demo starts with the window open: the head opening the bot is greeted with Start, the CEO with help', async () => {
    await head.goto(headPlayground.url);
    await card(head, 'You can save and come back').getByRole('button', { name: 'Start' }).waitFor();
    await ceo.goto(bot.playgroundUrl);
    await card(ceo, 'Termly: what I can do').waitFor();
    await shot(head, '1-head-greeted');
  }, 60_000);

  it('the CEO @mentions the bot in the team channel, which becomes leadership\'s channel', async () => {
    await ceo.getByRole('treeitem', { name: /General/ }).click();
    await postToBot(ceo, '/status');
    await card(ceo, 'Leadership updates will be posted here').waitFor();
    await card(ceo, 'Ethos Academy Trust').waitFor();
    await shot(ceo, '1-ceo-channel');
  }, 60_000);

  it('the head answers every step (the card updates in place) and submits', async () => {
    await card(head, 'You can save and come back').getByRole('button', { name: 'Start' }).click();
    for (let step = 1; step <= 7; step++) {
      const current = card(head, `Step ${step} of 7`);
      await current.waitFor();
      if (step === 1) await shot(head, '2-head-step-1');
      await answerStep(current);
      if (step === 1) await shortCard(current, 'head-questionnaire-step');
      await current.getByRole('button', { name: step === 7 ? 'Go to summary' : 'Next' }).click();
    }
    const summary = card(head, 'Proposed category: STABILISE');
    await summary.waitFor();
    await shot(head, '3-head-summary');
    await shortCard(summary, 'head-summary');
    await summary.getByRole('button', { name: 'Submit' }).click();
    await card(head, 'Leadership has the proposed outcome').waitFor();
    expect(await head.locator('.ac-adaptiveCard').filter({ hasText: /Step \d of 7/ }).count()).toBe(0);
  }, 120_000);

  it('the proposal suggests a peer strong in the red line that set its category (Safeguarding)', async () => {
    const proposal = card(ceo, 'Proposed: STABILISE');
    await proposal.waitFor();
    await proposal.getByText('Suggested peer support', { exact: true }).waitFor();
    // The line the category rests on comes first among the suggestions.
    const line = proposal.getByText(/^• Safeguarding \(Intervention required\) → /).first();
    await line.waitFor();
    const said = /→ (.+): Assured for its last (\d+) reviews$/.exec((await line.textContent()) ?? '');
    expect(said, `the suggestion reads: ${await line.textContent()}`).not.toBeNull();
    expect(Number(said![2])).toBeGreaterThanOrEqual(2);
    peer = said![1]!;
    expect(peer).not.toBe('Reach Academy');
  }, 60_000);

  it('the CEO agrees a flagged line\'s level on the proposal: self-rating, evidence and agreed level side by side', async () => {
    const proposal = card(ceo, 'Proposed: STABILISE');
    await proposal.waitFor();
    await proposal.getByText('Self-rating and evidence differ').first().waitFor();
    await shot(ceo, '4-ceo-proposal');
    await shortCard(proposal, 'ceo-proposal');
    // Behaviour: rated Assured, its figures point to Intervention required.
    // The playground draws compact choice sets as Fluent comboboxes, their options in a pop-up.
    await proposal.getByPlaceholder('Choose a line').click();
    await ceo.getByRole('option', { name: 'Behaviour', exact: true }).click();
    await proposal.getByPlaceholder('Choose a level').click();
    await ceo.getByRole('option', { name: 'Not yet assured', exact: true }).click();
    await proposal.locator('textarea').fill('Two incidents with one pupil drove the rates; the new plan is in place.');
    await proposal.getByRole('button', { name: 'Agree level' }).click();
    const moderated = card(ceo, 'Chief Executive Officer agreed Behaviour at Not yet assured');
    await moderated.waitFor();
    await moderated.getByText('Self-rating: Assured · Evidence: Intervention required · Agreed: Not yet assured (Chief Executive Officer: Two incidents with one pupil drove the rates; the new plan is in place.) · The proposal reads the agreed level.').waitFor();
    await shot(ceo, '4b-ceo-moderated');
  }, 60_000);

  it('the CEO confirms the proposal in the channel and the decision is posted with its schedule', async () => {
    const proposal = card(ceo, 'Proposed: STABILISE');
    await proposal.waitFor();
    await proposal.getByRole('button', { name: 'Confirm STABILISE' }).click();
    const decided = card(ceo, 'Confirmed by Chief Executive Officer');
    await decided.waitFor();
    await decided.getByText('Reach Academy: IMPROVE → STABILISE').waitFor();
    await decided.getByText(/^Support for the /).waitFor();
    await shot(ceo, '5-ceo-decision');
    // Support is summarised by activity, every date one click away: the post fits a screen too.
    await shortCard(decided, 'ceo-decision');
    // The schedule's calendar file is a link a person can follow.
    const link = decided.getByRole('link', { name: /^Add the schedule to your calendar/ });
    await link.scrollIntoViewIfNeeded();
    await shot(ceo, '5b-ceo-decision-calendar-link');
    const ics = await fetch((await link.getAttribute('href'))!);
    expect(ics.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(await ics.text()).toContain('BEGIN:VEVENT');
  }, 60_000);

  it('the head is told the outcome', async () => {
    const outcome = card(head, 'Reach Academy: STABILISE (it was IMPROVE)');
    await outcome.waitFor();
    await outcome.getByText('Leadership confirmed the proposed category.', { exact: false }).waitFor();
    await shot(head, '5c-head-outcome');
  }, 60_000);

  it('the CEO pairs Reach Academy with that peer from the decision post; the peer\'s head is asked and confirms', async () => {
    // The peer's head has opened the bot in their own chat, as the head of Reach Academy did.
    const people = playgroundWithHeadOf(peer, dir);
    peerPlayground = await startPlayground({ endpoint, port: await freePort(), persona: people.persona, configFile: people.file, env });
    peerHead = await browser.newPage({ viewport: { width: WINDOW_WIDTH, height: 2000 } });
    peerHead.setDefaultTimeout(STEP_TIMEOUT);
    await peerHead.goto(peerPlayground.url);
    await card(peerHead, 'You can save and come back').waitFor();

    const decided = card(ceo, 'Confirmed by Chief Executive Officer');
    await decided.getByRole('button', { name: `Pair with ${peer} (Safeguarding)` }).click();
    // The post stays in the channel, redrawn with the pairing on it.
    const paired = card(ceo, `Safeguarding (Intervention required) → paired with ${peer}`);
    await paired.getByText(`• Safeguarding (Intervention required) → paired with ${peer}: ${peer}'s head has yet to answer`).waitFor();
    await paired.getByText('Reach Academy: IMPROVE → STABILISE').waitFor();
    await shot(ceo, '5d-ceo-paired');

    const asked = card(peerHead, `Can ${peer} support Reach Academy in Safeguarding?`);
    await asked.waitFor();
    await asked.getByText(`Chief Executive Officer has paired ${peer} with Reach Academy`, { exact: false }).waitFor();
    await shortCard(asked, 'peer-head-pairing');
    await asked.getByRole('button', { name: 'Confirm' }).click();
    await card(peerHead, `Thank you: ${peer} supports Reach Academy in Safeguarding`).waitFor();
    await shot(peerHead, '5e-peer-head-confirmed');
    // Leadership's channel is told.
    await card(ceo, `${peer} will support Reach Academy in Safeguarding`).waitFor();
  }, 90_000);

  it('/status Reach Academy shows the decided category and the pairing', async () => {
    await ceo.getByRole('treeitem', { name: /Personal Chat/ }).click();
    await say(ceo, '/status Reach Academy');
    const status = card(ceo, 'STABILISE ↓');
    await status.waitFor();
    await status.getByText('Reach Academy', { exact: true }).first().waitFor();
    await status.getByText(`• Supported by ${peer} in Safeguarding (confirmed by Chief Executive Officer on `, { exact: false }).waitFor();
    await status.getByText(`${peer}'s head accepted on `, { exact: false }).waitFor();
    await status.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await shot(ceo, '6-ceo-status');
    await shortCard(status, 'ceo-status');
  }, 60_000);

  it('/status of the peer shows it supporting Reach Academy', async () => {
    await say(ceo, `/status ${peer}`);
    const status = card(ceo, `• Supporting Reach Academy in Safeguarding`);
    await status.waitFor();
    await status.getByText(peer, { exact: true }).first().waitFor();
    await shot(ceo, '6b-ceo-peer-status');
  }, 60_000);

  it('any other suggestion is paired from the list behind "Peer support (N)" on the same post', async () => {
    await ceo.getByRole('treeitem', { name: /General/ }).click();
    const post = card(ceo, `Safeguarding (Intervention required) → paired with ${peer}`);
    await post.getByRole('button', { name: /^Peer support \(\d+\)$/ }).click();
    await post.getByPlaceholder('Choose an area and a peer').click();
    // A weak area other than Safeguarding (paired already, so not in the list).
    const option = ceo.getByRole('option', { name: / → .+: Assured for its last \d+ reviews$/ }).first();
    const chosen = (await option.textContent())!;
    expect(chosen).not.toMatch(/^Safeguarding/);
    await option.click();
    await shot(ceo, '7-ceo-peer-list');
    await post.getByRole('button', { name: 'Pair', exact: true }).click();
    const [, area, other] = /^(.+) → (.+?): /.exec(chosen)!;
    await card(ceo, `${area} → paired with ${other}`).waitFor();
  }, 60_000);
});
