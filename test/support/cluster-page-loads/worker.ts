// A cluster worker for cluster-page-loads.test.ts: the app's own page tally
// (lib/http/page-loads.ts, linked to the primary as in `next start`),
// driven by the primary's commands.
import { processPageLoads } from "../../../lib/http/page-loads";

const pageLoads = processPageLoads();
let quietCalls = 0;
pageLoads.onQuiet(() => quietCalls++);
let end: (() => void) | null = null;

process.on("message", (message: { command?: string }) => {
  if (message.command === "begin") end = pageLoads.begin();
  if (message.command === "end") end?.();
  process.send!({ reply: message.command, inProgress: pageLoads.inProgress, quietCalls });
});
process.send!({ ready: true });
