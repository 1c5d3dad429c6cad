/**
 * `npm run package:teams`: the Teams app package, appPackage/build/termly.zip, to upload in
 * Teams (Apps → Manage your apps → Upload an app). It is manifest.json with the bot's ids and
 * public address filled in and the bot's command menus from the command registry
 * (src/review/commands.ts), and the two icons. See docs/teams.md.
 *
 * Reads (from the environment or .env): clientId (the bot's Microsoft Entra app id),
 * TERMLY_PUBLIC_URL (https address of the bot), and optionally TERMLY_TEAMS_APP_ID (the
 * Teams app's own id; the bot's id when not set).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pngSize } from '../scripts/png.js';
import { zip } from '../scripts/zip.js';
import { teamsCommandLists } from '../src/review/commands.js';
import { colorIcon, outlineIcon } from './icons.js';

export const APP_PACKAGE_DIR = fileURLToPath(new URL('.', import.meta.url));
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class PackageError extends Error {
  readonly code = 'TEAMS_PACKAGE_INVALID';
  constructor(readonly problems: string[]) {
    super(`The Teams app package cannot be built:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'PackageError';
  }
}

export interface PackageSettings {
  botId: string;
  teamsAppId: string;
  publicUrl: string;
  publicHost: string;
}

export function packageSettings(env: Record<string, string | undefined>): PackageSettings {
  const problems: string[] = [];
  const botId = env.clientId?.trim() ?? '';
  const teamsAppId = env.TERMLY_TEAMS_APP_ID?.trim() || botId;
  const publicUrl = (env.TERMLY_PUBLIC_URL?.trim() ?? '').replace(/\/+$/, '');
  if (!botId) problems.push('clientId: not set. It is the Application (client) ID of the bot\'s Microsoft Entra app registration.');
  else if (!GUID.test(botId)) problems.push(`clientId: expected a GUID such as 00000000-0000-0000-0000-000000000000 (got ${JSON.stringify(botId)})`);
  if (env.TERMLY_TEAMS_APP_ID?.trim() && !GUID.test(teamsAppId)) problems.push(`TERMLY_TEAMS_APP_ID: expected a GUID (got ${JSON.stringify(teamsAppId)})`);
  let publicHost = '';
  if (!publicUrl) problems.push('TERMLY_PUBLIC_URL: not set. It is the https address where Teams reaches the bot, without /api/messages.');
  else {
    try {
      const url = new URL(publicUrl);
      if (url.protocol !== 'https:') problems.push(`TERMLY_PUBLIC_URL: Teams needs an https address (got ${JSON.stringify(publicUrl)})`);
      publicHost = url.host;
    } catch {
      problems.push(`TERMLY_PUBLIC_URL: expected an https URL such as https://termly.example.org (got ${JSON.stringify(publicUrl)})`);
    }
  }
  if (problems.length) throw new PackageError(problems);
  return { botId, teamsAppId, publicUrl, publicHost };
}

/** The manifest template with its {{PLACEHOLDERS}} filled in, and the bot's command menus from the command registry. */
export function renderManifest(template: string, settings: PackageSettings): Record<string, unknown> {
  const values: Record<string, string> = {
    TEAMS_APP_ID: settings.teamsAppId,
    BOT_ID: settings.botId,
    PUBLIC_URL: settings.publicUrl,
    PUBLIC_HOST: settings.publicHost,
  };
  const filled = template.replace(/\{\{([A-Z_]+)\}\}/g, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) throw new PackageError([`manifest.json: unknown placeholder ${whole}`]);
    return value;
  });
  const manifest = JSON.parse(filled) as Record<string, unknown>;
  for (const bot of (manifest.bots ?? []) as Record<string, unknown>[]) bot.commandLists = teamsCommandLists();
  return manifest;
}

type Commands = { scopes: string[]; commands: { title: string; description: string }[] }[];

/** The limits Teams enforces on upload, checked here so a mistake is found before then. */
export function checkManifest(manifest: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const max = (path: string, value: unknown, limit: number) => {
    if (typeof value !== 'string' || value.length === 0) problems.push(`${path}: expected text`);
    else if (value.length > limit) problems.push(`${path}: ${value.length} characters, at most ${limit}`);
  };
  const name = manifest.name as { short?: string; full?: string } | undefined;
  const description = manifest.description as { short?: string; full?: string } | undefined;
  max('name.short', name?.short, 30);
  max('name.full', name?.full, 100);
  max('description.short', description?.short, 80);
  max('description.full', description?.full, 4000);
  if (!GUID.test(String(manifest.id))) problems.push(`id: expected a GUID (got ${JSON.stringify(manifest.id)})`);
  const bots = (manifest.bots ?? []) as { botId: string; commandLists?: Commands }[];
  if (bots.length !== 1) problems.push(`bots: expected one bot (got ${bots.length})`);
  bots.forEach((bot, b) => {
    if (!GUID.test(bot.botId)) problems.push(`bots[${b}].botId: expected a GUID (got ${JSON.stringify(bot.botId)})`);
    (bot.commandLists ?? []).forEach((list, l) => {
      if (list.commands.length > 10) problems.push(`bots[${b}].commandLists[${l}]: ${list.commands.length} commands, at most 10`);
      list.commands.forEach((c, i) => {
        max(`bots[${b}].commandLists[${l}].commands[${i}].title`, c.title, 32);
        max(`bots[${b}].commandLists[${l}].commands[${i}].description`, c.description, 128);
      });
    });
  });
  for (const domain of (manifest.validDomains ?? []) as string[]) {
    if (domain.includes('/')) problems.push(`validDomains: "${domain}" must be a host name, without a scheme or path`);
  }
  return problems;
}

const ICONS = [
  { file: 'color.png', size: 192, draw: colorIcon },
  { file: 'outline.png', size: 32, draw: outlineIcon },
];

export interface BuiltPackage {
  zipFile: string;
  manifest: Record<string, unknown>;
}

export function buildPackage(env: Record<string, string | undefined>, dir: string = APP_PACKAGE_DIR): BuiltPackage {
  const settings = packageSettings(env);
  const manifest = renderManifest(readFileSync(join(dir, 'manifest.json'), 'utf8'), settings);
  const problems = checkManifest(manifest);
  const icons = ICONS.map((icon) => {
    const path = join(dir, icon.file);
    if (!existsSync(path)) writeFileSync(path, icon.draw());
    const data = readFileSync(path);
    try {
      const { width, height } = pngSize(data);
      if (width !== icon.size || height !== icon.size) problems.push(`${icon.file}: ${width}×${height}, expected ${icon.size}×${icon.size}`);
    } catch (e) {
      problems.push(`${icon.file}: ${(e as Error).message}`);
    }
    return { name: icon.file, data };
  });
  if (problems.length) throw new PackageError(problems);

  const manifestJson = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
  const build = join(dir, 'build');
  mkdirSync(build, { recursive: true });
  writeFileSync(join(build, 'manifest.json'), manifestJson);
  const zipFile = join(build, 'termly.zip');
  writeFileSync(zipFile, zip([{ name: 'manifest.json', data: manifestJson }, ...icons]));
  return { zipFile, manifest };
}

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  if (existsSync('.env')) process.loadEnvFile('.env');
  try {
    const built = buildPackage(process.env);
    process.stdout.write(`Built ${built.zipFile}\n  app id ${String(built.manifest.id)}, bot ${settingsLine(built.manifest)}\nUpload it in Teams: Apps → Manage your apps → Upload an app (see docs/teams.md).\n`);
  } catch (e) {
    if (!(e instanceof PackageError)) throw e;
    process.stderr.write(`${e.message}\nSet them in the environment or in .env (see .env.example).\n`);
    process.exitCode = 1;
  }
}

function settingsLine(manifest: Record<string, unknown>): string {
  const bot = (manifest.bots as { botId: string }[])[0]!;
  return `${bot.botId}, for ${(manifest.validDomains as string[]).join(', ')}`;
}
