// Browser tests and the asset scripts run Debian's Chromium (apt package
// "chromium"): Playwright's own browser download is not reachable from our
// machines. CHROMIUM_PATH points elsewhere where a machine keeps it.
export const CHROMIUM_EXECUTABLE = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
