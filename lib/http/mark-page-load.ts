import "server-only";
import { cache } from "react";
import { after } from "next/server";
import { processPageLoads } from "./page-loads";

/**
 * Counts this request as a page load (lib/http/page-loads.ts) until its
 * response has been sent: `after` runs then, also when the page threw,
 * redirected or was not found. React's `cache` makes it once per request,
 * so the root layout (every full page load) and the page guards (client
 * navigations, which skip the layout) may both call it.
 */
export const markPageLoad = cache((): void => {
  after(processPageLoads().begin());
});
