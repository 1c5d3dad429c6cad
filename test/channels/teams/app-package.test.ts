/** The Teams app package: manifest filled in and checked, icons the sizes Teams wants, a zip any unzip reads. */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync, crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { APP_PACKAGE_DIR, buildPackage, checkManifest, PackageError, packageSettings } from '../../../appPackage/build.js';
import { colorIcon, outlineIcon } from '../../../appPackage/icons.js';
import { teamsCommandLists } from '../../../src/review/commands.js';
import { encodePng, pngSize } from '../../../scripts/png.js';
import { zip } from '../../../scripts/zip.js';

const ENV = { clientId: '11111111-2222-3333-4444-555555555555', TERMLY_PUBLIC_URL: 'https://termly.ethos.example.org/' };

/** Reads a zip back from its central directory, checking each entry's CRC: an independent reader of what was written. */
function unzip(file: Buffer): Map<string, Buffer> {
  const end = file.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = file.readUInt16LE(end + 10);
  let at = file.readUInt32LE(end + 16);
  const out = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    expect(file.readUInt32LE(at)).toBe(0x02014b50);
    const [method, crc, size, length, nameLength, extra, comment, offset] = [
      file.readUInt16LE(at + 10), file.readUInt32LE(at + 16), file.readUInt32LE(at + 20), file.readUInt32LE(at + 24),
      file.readUInt16LE(at + 28), file.readUInt16LE(at + 30), file.readUInt16LE(at + 32), file.readUInt32LE(at + 42),
    ];
    const name = file.toString('utf8', at + 46, at + 46 + nameLength);
    expect(file.readUInt32LE(offset)).toBe(0x04034b50);
    const dataAt = offset + 30 + file.readUInt16LE(offset + 26) + file.readUInt16LE(offset + 28);
    const raw = file.subarray(dataAt, dataAt + size);
    const data = method === 8 ? inflateRawSync(raw) : raw;
    expect(data.length).toBe(length);
    expect(crc32(data)).toBe(crc);
    out.set(name, data);
    at += 46 + nameLength + extra + comment;
  }
  return out;
}

describe('the zip writer', () => {
  it('writes entries that read back byte for byte, and unzip agrees', () => {
    const entries = [
      { name: 'manifest.json', data: Buffer.from('{"a":1}\n') },
      { name: 'empty.txt', data: Buffer.alloc(0) },
      { name: 'dir/große.bin', data: Buffer.from(Array.from({ length: 70000 }, (_, i) => (i * 7919) % 251)) },
    ];
    const file = zip(entries);
    const back = unzip(file);
    expect([...back.keys()]).toEqual(entries.map((e) => e.name));
    for (const e of entries) expect(back.get(e.name)!.equals(e.data)).toBe(true);
    expect(zip(entries).equals(file)).toBe(true);

    const dir = mkdtempSync(join(tmpdir(), 'termly-zip-'));
    try {
      const path = join(dir, 'x.zip');
      writeFileSync(path, file);
      // The system's unzip is a second opinion when it is there.
      if (existsSync('/usr/bin/unzip')) expect(execFileSync('/usr/bin/unzip', ['-t', path]).toString()).toMatch(/No errors detected/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses names that would escape the archive, and duplicates', () => {
    expect(() => zip([{ name: '../evil', data: Buffer.alloc(1) }])).toThrow('zip: "../evil" is not a relative path');
    expect(() => zip([{ name: 'a', data: Buffer.alloc(1) }, { name: 'a', data: Buffer.alloc(1) }])).toThrow('zip: "a" is given twice');
  });
});

describe('the icons', () => {
  it('are PNGs of the sizes Teams wants, and the files in the package are the ones drawn', () => {
    expect(pngSize(colorIcon())).toEqual({ width: 192, height: 192 });
    expect(pngSize(outlineIcon())).toEqual({ width: 32, height: 32 });
    expect(readFileSync(join(APP_PACKAGE_DIR, 'color.png')).equals(colorIcon())).toBe(true);
    expect(readFileSync(join(APP_PACKAGE_DIR, 'outline.png')).equals(outlineIcon())).toBe(true);
    expect(() => pngSize(Buffer.from('GIF89a'))).toThrow('not a PNG file');
    expect(() => encodePng(2, 2, new Uint8Array(3))).toThrow('png: 3 bytes given for 2×2 RGBA pixels (16 expected)');
  });
});

describe('the Teams app package', () => {
  it('needs the bot id and the public https address, and says so', () => {
    expect(() => packageSettings({})).toThrow(PackageError);
    try {
      packageSettings({ clientId: 'my-bot', TERMLY_PUBLIC_URL: 'http://termly.example.org' });
    } catch (e) {
      expect((e as PackageError).problems).toEqual([
        'clientId: expected a GUID such as 00000000-0000-0000-0000-000000000000 (got "my-bot")',
        'TERMLY_PUBLIC_URL: Teams needs an https address (got "http://termly.example.org")',
      ]);
    }
  });

  it('builds termly.zip: the manifest on schema 1.25 with the ids and domain filled in, the command menus from the command registry, and both icons', () => {
    const dir = mkdtempSync(join(tmpdir(), 'termly-app-'));
    try {
      for (const f of ['manifest.json', 'color.png', 'outline.png']) cpSync(join(APP_PACKAGE_DIR, f), join(dir, f));
      const built = buildPackage(ENV, dir);
      expect(built.zipFile).toBe(join(dir, 'build', 'termly.zip'));
      const files = unzip(readFileSync(built.zipFile));
      expect([...files.keys()]).toEqual(['manifest.json', 'color.png', 'outline.png']);
      const manifest = JSON.parse(files.get('manifest.json')!.toString('utf8'));
      expect(manifest.manifestVersion).toBe('1.25');
      expect(manifest.$schema).toBe('https://developer.microsoft.com/json-schemas/teams/v1.25/MicrosoftTeams.schema.json');
      expect(manifest.id).toBe(ENV.clientId);
      expect(manifest.bots[0].botId).toBe(ENV.clientId);
      expect(manifest.validDomains).toEqual(['termly.ethos.example.org']);
      expect(manifest.developer.privacyUrl).toBe('https://termly.ethos.example.org/about#privacy');
      expect(manifest.bots[0].commandLists).toEqual(teamsCommandLists());
      expect(manifest.bots[0].commandLists.map((l: { scopes: string[]; commands: { title: string }[] }) => [l.scopes, l.commands.map((c) => c.title)])).toEqual([
        [['personal'], ['review', '/status', '/review open', '/review close', '/remind', '/calendar', '/context', '/report', '/peers', 'help']],
        [['team', 'groupChat'], ['/status', '/review open', '/review close', '/remind', '/context', '/report', '/peers', 'help']],
      ]);
      expect(manifest.bots[0].commandLists[0].commands[2]).toEqual({ title: '/review open', description: 'Leadership: open this term\'s review window and message every head' });
      expect(manifest.bots[0].commandLists[1].commands[1]).toEqual({ title: '/review open', description: 'Open this term\'s review window and message every head' });
      expect(JSON.stringify(manifest)).not.toMatch(/\{\{/);
      expect(buildPackage({ ...ENV, TERMLY_TEAMS_APP_ID: '99999999-8888-7777-6666-555555555555' }, dir).manifest.id).toBe('99999999-8888-7777-6666-555555555555');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('checks the limits Teams enforces on upload', () => {
    const long = 'x'.repeat(33);
    expect(checkManifest({
      id: 'nope', name: { short: 'Termly', full: 'Termly' }, description: { short: 's', full: 'f' },
      bots: [{ botId: ENV.clientId, commandLists: [{ scopes: ['personal'], commands: [{ title: long, description: 'd' }] }] }], validDomains: ['https://x.org'],
    })).toEqual([
      'id: expected a GUID (got "nope")',
      'bots[0].commandLists[0].commands[0].title: 33 characters, at most 32',
      'validDomains: "https://x.org" must be a host name, without a scheme or path',
    ]);
  });
});
