// Draws the Teams app icons (a chat bubble) and writes them as PNG next to manifest.json.
// Run: npx tsx src/channels/teams/manifest/make-icons.ts — the output is deterministic, so re-running changes nothing.
import { writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { deflateSync } from 'node:zlib';
import { crc32 } from '../crc32.js';

/** The manifest's accentColor; the colour icon's background. */
export const ACCENT: [number, number, number] = [0x1f, 0x6f, 0xeb];
const WHITE: [number, number, number] = [0xff, 0xff, 0xff];
const SUPERSAMPLE = 4;

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** An 8-bit RGBA PNG; `rgba` holds width × height × 4 bytes, row by row. */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // bit depth 8, colour type 6 (RGBA), deflate, adaptive filtering, no interlace
  const raw = Buffer.alloc(height * (width * 4 + 1));
  for (let y = 0; y < height; y += 1) {
    raw[y * (width * 4 + 1)] = 0; // filter type None
    raw.set(rgba.subarray(y * width * 4, (y + 1) * width * 4), y * (width * 4 + 1) + 1);
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

/** Signed distance to a rounded rectangle (negative inside), in unit coordinates. */
function roundedRect(x: number, y: number, [x0, y0, x1, y1]: number[], r: number): number {
  const cx = ((x0 as number) + (x1 as number)) / 2;
  const cy = ((y0 as number) + (y1 as number)) / 2;
  const qx = Math.abs(x - cx) - (((x1 as number) - (x0 as number)) / 2 - r);
  const qy = Math.abs(y - cy) - (((y1 as number) - (y0 as number)) / 2 - r);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}

function inTriangle(x: number, y: number, [ax, ay, bx, by, cx, cy]: number[]): boolean {
  const side = (px: number, py: number, qx: number, qy: number) => (x - qx) * (py - qy) - (px - qx) * (y - qy);
  const d1 = side(ax as number, ay as number, bx as number, by as number);
  const d2 = side(bx as number, by as number, cx as number, cy as number);
  const d3 = side(cx as number, cy as number, ax as number, ay as number);
  return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0));
}

const DOTS = [0.37, 0.5, 0.63].map((cx) => ({ cx, cy: 0.46, r: 0.05 }));

/** What a point of the glyph is: the bubble, one of its three dots, or outside. */
function glyphAt(x: number, y: number): 'bubble' | 'dot' | 'none' {
  if (DOTS.some((d) => Math.hypot(x - d.cx, y - d.cy) <= d.r)) return 'dot';
  const body = roundedRect(x, y, [0.18, 0.24, 0.82, 0.68], 0.12) <= 0;
  return body || inTriangle(x, y, [0.3, 0.62, 0.27, 0.82, 0.48, 0.66]) ? 'bubble' : 'none';
}

/** Renders with SUPERSAMPLE² samples per pixel; `paint` maps a glyph region to an RGBA colour. */
function render(size: number, paint: (region: ReturnType<typeof glyphAt>) => [number, number, number, number]): Uint8Array {
  const out = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py += 1) {
    for (let px = 0; px < size; px += 1) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < SUPERSAMPLE; sy += 1) {
        for (let sx = 0; sx < SUPERSAMPLE; sx += 1) {
          const [r, g, b, a] = paint(glyphAt((px + (sx + 0.5) / SUPERSAMPLE) / size, (py + (sy + 0.5) / SUPERSAMPLE) / size));
          // Premultiplied accumulation, so transparent samples do not darken edges.
          sum[0] = (sum[0] as number) + r * a;
          sum[1] = (sum[1] as number) + g * a;
          sum[2] = (sum[2] as number) + b * a;
          sum[3] = (sum[3] as number) + a;
        }
      }
      const alpha = sum[3] as number;
      const i = (py * size + px) * 4;
      for (let c = 0; c < 3; c += 1) out[i + c] = alpha === 0 ? 0 : Math.round((sum[c] as number) / alpha);
      out[i + 3] = Math.round(alpha / (SUPERSAMPLE * SUPERSAMPLE));
    }
  }
  return out;
}

/** 192×192 full colour: white bubble with accent dots on an accent square. */
export function colorIcon(): Buffer {
  return encodePng(192, 192, render(192, (region) => (region === 'bubble' ? [...WHITE, 255] : [...ACCENT, 255])));
}

/** 32×32 outline: white on transparent (Teams requires exactly that), the dots cut out of the bubble. */
export function outlineIcon(): Buffer {
  return encodePng(32, 32, render(32, (region) => (region === 'bubble' ? [...WHITE, 255] : [...WHITE, 0])));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(fileURLToPath(new URL('./color.png', import.meta.url)), colorIcon());
  writeFileSync(fileURLToPath(new URL('./outline.png', import.meta.url)), outlineIcon());
  console.log('wrote color.png (192×192) and outline.png (32×32)');
}
