// Renders assets/icon.svg into the PNG and ICO files electron-builder needs (assets/icon.png 256 px,
// assets/icon.ico with 16–256 px PNG entries), with Debian's Chromium. Run by hand after changing the
// SVG (`node scripts/make-icons.mjs`); the outputs are committed.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const assets = join(import.meta.dirname, '..', 'assets');
const svg = readFileSync(join(assets, 'icon.svg'), 'utf8');
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});
const sizes = [16, 24, 32, 48, 64, 128, 256];
const pngs = [];
for (const size of sizes) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  await page.setContent(
    `<html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`,
  );
  pngs.push(await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } }));
  await page.close();
}
await browser.close();
writeFileSync(join(assets, 'icon.png'), pngs[pngs.length - 1]);

// ICO: a 6-byte header, a 16-byte entry per image, then the PNGs (Windows Vista and later read PNG entries).
const header = Buffer.alloc(6);
header.writeUInt16LE(0, 0);
header.writeUInt16LE(1, 2);
header.writeUInt16LE(sizes.length, 4);
let offset = 6 + 16 * sizes.length;
const entries = sizes.map((size, i) => {
  const e = Buffer.alloc(16);
  e.writeUInt8(size >= 256 ? 0 : size, 0);
  e.writeUInt8(size >= 256 ? 0 : size, 1);
  e.writeUInt16LE(1, 4); // planes
  e.writeUInt16LE(32, 6); // bits per pixel
  e.writeUInt32LE(pngs[i].length, 8);
  e.writeUInt32LE(offset, 12);
  offset += pngs[i].length;
  return e;
});
writeFileSync(join(assets, 'icon.ico'), Buffer.concat([header, ...entries, ...pngs]));
console.log(`wrote assets/icon.png (256 px) and assets/icon.ico (${sizes.join(', ')} px)`);
