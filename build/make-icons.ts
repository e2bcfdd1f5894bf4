// Draws the application icons (PNG, every size the installers want) from
// renderer/public/icon.svg with Chromium, so the SVG stays the one source.
//   npx tsx build/make-icons.ts            (needs /usr/bin/chromium)
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const root = fileURLToPath(new URL('..', import.meta.url));
const SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];

async function main() {
  const svg = await readFile(join(root, 'renderer', 'public', 'icon.svg'), 'utf8');
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage();
    await mkdir(join(root, 'build', 'icons'), { recursive: true });
    for (const size of SIZES) {
      await page.setViewportSize({ width: size, height: size });
      await page.setContent(
        `<html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`,
      );
      const png = await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
      await writeFile(join(root, 'build', 'icons', `${size}x${size}.png`), png);
      if (size === 512) await writeFile(join(root, 'build', 'icon.png'), png);
    }
  } finally {
    await browser.close();
  }
  await writeFile(join(root, 'build', 'icon.svg'), svg);
  process.stdout.write(`icons written to build/icons/ (${SIZES.join(', ')} px) and build/icon.png\n`);
}

await main();
