/**
 * Writes app/favicon.ico from app/icon.svg: Chromium renders the SVG at each
 * size and the PNGs go into one ICO file. Browsers ask for /favicon.ico on
 * their own, whatever the page links, and without the file each such request
 * was a 404 (and a console error in the page-check tests).
 * Run after changing app/icon.svg: `npx tsx scripts/assets/write-favicon.ts`.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { chromium } from "@playwright/test";
import { CHROMIUM_EXECUTABLE } from "../../test/harness/chromium";

const ROOT = path.resolve(__dirname, "..", "..");
const SIZES = [16, 32, 48];

/** ICO with PNG images: a 6-byte header, a 16-byte entry per image, then the PNGs. */
function icoFromPngs(images: { size: number; png: Buffer }[]): Buffer {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // 1 = icon
  header.writeUInt16LE(images.length, 4);
  let offset = header.length + 16 * images.length;
  const entries = images.map(({ size, png }) => {
    const entry = Buffer.alloc(16);
    entry.writeUInt8(size % 256, 0); // width; 0 means 256
    entry.writeUInt8(size % 256, 1); // height
    entry.writeUInt8(0, 2); // no palette
    entry.writeUInt8(0, 3); // reserved
    entry.writeUInt16LE(1, 4); // colour planes
    entry.writeUInt16LE(32, 6); // bits per pixel
    entry.writeUInt32LE(png.length, 8);
    entry.writeUInt32LE(offset, 12);
    offset += png.length;
    return entry;
  });
  return Buffer.concat([header, ...entries, ...images.map((image) => image.png)]);
}

async function main(): Promise<void> {
  const svg = readFileSync(path.join(ROOT, "app", "icon.svg"), "utf8");
  const browser = await chromium.launch({ executablePath: CHROMIUM_EXECUTABLE });
  try {
    const images = [];
    for (const size of SIZES) {
      const page = await browser.newPage({ viewport: { width: size, height: size } });
      await page.setContent(`<style>*{margin:0}svg{display:block;width:${size}px;height:${size}px}</style>${svg}`);
      images.push({ size, png: await page.screenshot({ omitBackground: true }) });
      await page.close();
    }
    const target = path.join(ROOT, "app", "favicon.ico");
    writeFileSync(target, icoFromPngs(images));
    process.stdout.write(`wrote ${path.relative(process.cwd(), target)} (${SIZES.join(", ")} px)\n`);
  } finally {
    await browser.close();
  }
}

void main();
