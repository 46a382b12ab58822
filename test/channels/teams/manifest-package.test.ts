// The Teams app package: manifest template, icons, placeholder filling and the zip the operator sideloads.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/app-error.js';
import { fillManifest, MANIFEST_TEMPLATE_DIR, packageTeamsManifest } from '../../../src/channels/teams/manifest-package.js';
import { ACCENT, colorIcon, outlineIcon } from '../../../src/channels/teams/manifest/make-icons.js';
import { readPng, readZip } from './archive-readers.js';

const APP_ID = '6F1C7A5E-0000-4000-8000-000000000001';
const outDir = mkdtempSync(join(tmpdir(), 'concierge-teams-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

const template = readFileSync(join(MANIFEST_TEMPLATE_DIR, 'manifest.json'), 'utf8');
const hasUnzip = (() => {
  try {
    execFileSync('unzip', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

async function failure(promise: Promise<unknown>): Promise<string | undefined> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  return isAppError(error) ? error.code : undefined;
}

describe('manifest template', () => {
  interface Command {
    title: string;
    description: string;
  }
  const manifest = JSON.parse(template) as {
    $schema: string;
    manifestVersion: string;
    id: string;
    accentColor: string;
    name: { short: string; full: string };
    description: { short: string; full: string };
    bots: { botId: string; scopes: string[]; commandLists: { commands: Command[] }[] }[];
  };

  it('uses manifest schema 1.16 or later and keeps within Teams length limits', () => {
    const [major, minor] = String(manifest.manifestVersion).split('.').map(Number);
    expect(major === 1 && (minor ?? 0) >= 16).toBe(true);
    expect(manifest.$schema).toContain(`/v${manifest.manifestVersion}/`);
    expect(manifest.name.short.length).toBeLessThanOrEqual(30);
    expect(manifest.name.full.length).toBeLessThanOrEqual(100);
    expect(manifest.description.short.length).toBeLessThanOrEqual(80);
    expect(manifest.description.full.length).toBeLessThanOrEqual(4000);
    for (const list of manifest.bots[0]?.commandLists ?? []) {
      expect(list.commands.length).toBeLessThanOrEqual(10);
      for (const command of list.commands) {
        expect(command.title.length).toBeLessThanOrEqual(32);
        expect(command.description.length).toBeLessThanOrEqual(128);
      }
    }
  });

  it('declares one bot whose id is the app id, in personal, team and group chat scopes', () => {
    expect(manifest.id).toBe('${{MICROSOFT_APP_ID}}');
    expect(manifest.bots).toHaveLength(1);
    expect(manifest.bots[0]).toMatchObject({ botId: '${{MICROSOFT_APP_ID}}', scopes: ['personal', 'team', 'groupChat'] });
    expect(manifest.accentColor.toLowerCase()).toBe(`#${ACCENT.map((c) => c.toString(16).padStart(2, '0')).join('')}`);
  });
});

describe('icons', () => {
  it('color.png is 192×192 and opaque', () => {
    const png = readPng(readFileSync(join(MANIFEST_TEMPLATE_DIR, 'color.png')));
    expect([png.width, png.height]).toEqual([192, 192]);
    const alphas = png.pixels.filter((_, i) => i % 4 === 3);
    expect(alphas.every((a) => a === 255)).toBe(true);
  });

  it('outline.png is 32×32, white on transparent', () => {
    const png = readPng(readFileSync(join(MANIFEST_TEMPLATE_DIR, 'outline.png')));
    expect([png.width, png.height]).toEqual([32, 32]);
    let transparent = 0;
    let notWhite = 0;
    for (let i = 0; i < png.pixels.length; i += 4) {
      if (png.pixels[i + 3] === 0) transparent += 1;
      else if (png.pixels[i] !== 255 || png.pixels[i + 1] !== 255 || png.pixels[i + 2] !== 255) notWhite += 1;
    }
    expect(notWhite).toBe(0);
    expect(transparent).toBeGreaterThan(32 * 32 * 0.3);
    expect(transparent).toBeLessThan(32 * 32 * 0.9);
  });

  it('are exactly what make-icons draws, so they can be regenerated', () => {
    expect(colorIcon().equals(readFileSync(join(MANIFEST_TEMPLATE_DIR, 'color.png')))).toBe(true);
    expect(outlineIcon().equals(readFileSync(join(MANIFEST_TEMPLATE_DIR, 'outline.png')))).toBe(true);
  });
});

describe('fillManifest', () => {
  it('JSON-escapes values, so a quote cannot break out of its string', () => {
    expect(fillManifest('{"a": "${{X}}"}', { X: 'say "hi"\\' })).toEqual({ a: 'say "hi"\\' });
  });

  it('refuses to leave a placeholder unfilled', () => {
    expect(() => fillManifest('{"a": "${{X}}", "b": "${{Y}}"}', { X: '1' })).toThrow(/Y/);
  });
});

describe('packageTeamsManifest', () => {
  it('writes a zip with manifest.json and both icons at its root, placeholders filled', async () => {
    const outFile = join(outDir, 'nested', 'concierge-teams.zip');
    const result = await packageTeamsManifest({ appId: APP_ID, publicUrl: 'https://bot.example.com:8443/', outFile, version: '1.2.3' });
    const files = readZip(readFileSync(outFile));
    expect(files.map((f) => f.name)).toEqual(['manifest.json', 'color.png', 'outline.png']);
    for (const file of files) expect(file.crc).toBe(crc32(file.data));

    const manifestText = files[0]!.data.toString('utf8');
    expect(manifestText).not.toMatch(/\$\{\{/);
    const manifest = JSON.parse(manifestText) as Record<string, unknown>;
    expect(manifest).toEqual(result.manifest);
    expect(manifest).toMatchObject({
      id: APP_ID.toLowerCase(),
      version: '1.2.3',
      developer: { websiteUrl: 'https://bot.example.com:8443', privacyUrl: 'https://bot.example.com:8443' },
      bots: [{ botId: APP_ID.toLowerCase() }],
      validDomains: ['bot.example.com:8443'],
    });
    expect(files[1]!.data.equals(readFileSync(join(MANIFEST_TEMPLATE_DIR, 'color.png')))).toBe(true);
  });

  it.skipIf(!hasUnzip)('produces an archive that unzip accepts', async () => {
    const outFile = join(outDir, 'for-unzip.zip');
    await packageTeamsManifest({ appId: APP_ID, publicUrl: 'https://bot.example.com', outFile });
    const listing = execFileSync('unzip', ['-t', outFile], { encoding: 'utf8' });
    expect(listing).toMatch(/No errors detected/);
  });

  it('is byte-for-byte reproducible', async () => {
    const a = join(outDir, 'a.zip');
    const b = join(outDir, 'b.zip');
    await packageTeamsManifest({ appId: APP_ID, publicUrl: 'https://bot.example.com', outFile: a });
    await packageTeamsManifest({ appId: APP_ID, publicUrl: 'https://bot.example.com', outFile: b });
    expect(readFileSync(a).equals(readFileSync(b))).toBe(true);
  });

  it('rejects an app id that is not a GUID and a public URL that is not https', async () => {
    const outFile = join(outDir, 'never.zip');
    expect(await failure(packageTeamsManifest({ appId: 'my-bot', publicUrl: 'https://bot.example.com', outFile }))).toBe('TEAMS_MANIFEST_INVALID');
    expect(await failure(packageTeamsManifest({ appId: APP_ID, publicUrl: 'http://bot.example.com', outFile }))).toBe('TEAMS_MANIFEST_INVALID');
    expect(await failure(packageTeamsManifest({ appId: APP_ID, publicUrl: 'https://bot.example.com', outFile, version: '1.0' }))).toBe('TEAMS_MANIFEST_INVALID');
  });
});
