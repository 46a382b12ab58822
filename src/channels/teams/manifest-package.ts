// Builds the Teams app package to sideload: manifest.json with its ${{PLACEHOLDERS}} filled, plus the two icons, zipped.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { AppError } from '../../app-error.js';
import { createZip } from './zip-writer.js';

/** Where manifest.json, color.png and outline.png live in the source tree (the app runs from source via tsx). */
export const MANIFEST_TEMPLATE_DIR = fileURLToPath(new URL('./manifest/', import.meta.url));

const httpsUrl = z.url({ protocol: /^https$/ }).max(2048);

const optionsSchema = z.object({
  /** The Azure Bot's Microsoft App ID; Teams uses it as both the app id and the bot id. */
  appId: z.guid(),
  /** Public https base URL of this server (the messaging endpoint is `${publicUrl}/api/messages`). */
  publicUrl: httpsUrl,
  outFile: z.string().min(1),
  privacyUrl: httpsUrl.optional(),
  termsUrl: httpsUrl.optional(),
  /** Teams only picks up a re-uploaded package when this goes up. */
  version: z.string().regex(/^\d{1,5}\.\d{1,5}\.\d{1,5}$/).default('1.0.0'),
  templateDir: z.string().min(1).default(MANIFEST_TEMPLATE_DIR),
});

export type TeamsManifestOptions = z.input<typeof optionsSchema>;

export interface TeamsManifestPackage {
  outFile: string;
  manifest: Record<string, unknown>;
}

const PLACEHOLDER = /\$\{\{([A-Z0-9_]+)\}\}/g;

/** Fills `${{NAME}}` inside the JSON text; values are JSON-escaped so a stray quote cannot change the structure. */
export function fillManifest(template: string, values: Record<string, string>): Record<string, unknown> {
  const missing = new Set<string>();
  const filled = template.replace(PLACEHOLDER, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) {
      missing.add(name);
      return whole;
    }
    return JSON.stringify(value).slice(1, -1);
  });
  if (missing.size > 0) {
    throw new AppError('TEAMS_MANIFEST_INVALID', `No value for manifest placeholder(s): ${[...missing].join(', ')}.`, { status: 400 });
  }
  return JSON.parse(filled) as Record<string, unknown>;
}

export async function packageTeamsManifest(input: TeamsManifestOptions): Promise<TeamsManifestPackage> {
  const parsed = optionsSchema.safeParse(input);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => issue.path.join('.')).join(', ');
    throw new AppError('TEAMS_MANIFEST_INVALID', `Cannot build the Teams package (check: ${fields}).`, { status: 400 });
  }
  const options = parsed.data;
  const publicUrl = options.publicUrl.replace(/\/+$/, '');
  const manifest = fillManifest(await readFile(join(options.templateDir, 'manifest.json'), 'utf8'), {
    MICROSOFT_APP_ID: options.appId.toLowerCase(),
    APP_VERSION: options.version,
    PUBLIC_URL: publicUrl,
    PUBLIC_HOST: new URL(publicUrl).host,
    PRIVACY_URL: options.privacyUrl ?? publicUrl,
    TERMS_URL: options.termsUrl ?? publicUrl,
  });
  // Teams wants the three files at the root of the zip, not inside a folder.
  const zip = createZip([
    { name: 'manifest.json', data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8') },
    { name: 'color.png', data: await readFile(join(options.templateDir, 'color.png')) },
    { name: 'outline.png', data: await readFile(join(options.templateDir, 'outline.png')) },
  ]);
  await mkdir(dirname(options.outFile), { recursive: true });
  await writeFile(options.outFile, zip);
  return { outFile: options.outFile, manifest };
}
