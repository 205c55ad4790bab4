import { expect, test } from "@playwright/test";

/** The images an ICO file holds, by its directory: each entry's width and the PNG signature at its offset. */
function icoImages(ico: Buffer): { width: number; isPng: boolean }[] {
  expect([...ico.subarray(0, 4)], "the ICO header").toEqual([0, 0, 1, 0]);
  const count = ico.readUInt16LE(4);
  return Array.from({ length: count }, (_, index) => {
    const entry = 6 + 16 * index;
    const offset = ico.readUInt32LE(entry + 12);
    return { width: ico.readUInt8(entry) || 256, isPng: ico.subarray(offset, offset + 4).toString("latin1") === "\x89PNG" };
  });
}

// Browsers request /favicon.ico on their own, whatever a page links; a 404
// there is a console error on every page that the browser asks it for.
test("a browser's own request for /favicon.ico gets the site's icon without signing in", async ({ request }) => {
  const response = await request.get("/favicon.ico", { maxRedirects: 0 });
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toMatch(/^image\/(x-icon|vnd\.microsoft\.icon)/);
  expect(icoImages(await response.body())).toEqual([
    { width: 16, isPng: true },
    { width: 32, isPng: true },
    { width: 48, isPng: true },
  ]);
});

test("the pages link the ICO and the SVG icon, and both load", async ({ page }) => {
  const failed: string[] = [];
  page.on("response", (response) => {
    if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
  });
  await page.goto("/signin");
  const icons = await page.locator('head link[rel="icon"]').evaluateAll((links) => links.map((link) => link.getAttribute("href")));
  expect(icons.map((href) => href?.split("?")[0])).toEqual(expect.arrayContaining(["/favicon.ico", "/icon.svg"]));
  for (const href of icons) expect((await page.request.get(href!)).status(), href!).toBe(200);
  expect(failed).toEqual([]);
});
