/**
 * The course's gradebook page, as a teacher sees it in Canvas or Moodle: one
 * table per line item (gradebook column) with a row per learner and the
 * latest score the tool sent for them. It is how a browser test sees a score
 * arrive at the platform, as a person would check it.
 */
import type { ServerResponse } from "node:http";
import { escapeHtml, page } from "./html";
import { HttpError, sendHtml } from "./http";
import type { LineItem, PlatformContext, ReceivedScore } from "./model";
import type { TestPlatform } from "./platform";

/** Roles that may open a course's gradebook, as in both LMSs (a learner sees only their own grades, elsewhere). */
const GRADEBOOK_ROLES = new Set(["instructor", "ta", "admin"]);

/** "7 / 10", "7" when the tool sent no maximum, "—" when no score was given (e.g. grading pending). */
function scoreText(score: ReceivedScore | undefined): string {
  if (score?.scoreGiven === undefined) return "—";
  return score.scoreMaximum === undefined ? String(score.scoreGiven) : `${score.scoreGiven} / ${score.scoreMaximum}`;
}

function lineItemTable(platform: TestPlatform, context: PlatformContext, item: LineItem): string {
  const received = platform.scores.filter((score) => score.lineItemId === item.id);
  const rows = [...context.members.entries()]
    .filter(([, membership]) => membership.role === "learner")
    .map(([userId]) => {
      const learner = platform.user(userId);
      const mine = received.filter((score) => score.userId === learner.sub);
      const latest = mine.at(-1);
      const cells = [
        scoreText(latest),
        latest?.activityProgress ?? "—",
        latest?.gradingProgress ?? "—",
        String(mine.length),
        latest?.timestamp ?? "—",
      ];
      return `<tr><th scope="row">${escapeHtml(learner.name)}</th>${cells.map((cell) => `<td>${escapeHtml(cell)}</td>`).join("")}</tr>`;
    });
  const head = ["Student", "Score", "Activity progress", "Grading progress", "Scores received", "Timestamp"]
    .map((name) => `<th scope="col">${name}</th>`)
    .join("");
  return [
    `<table aria-label="${escapeHtml(item.label)}">`,
    `<caption>${escapeHtml(item.label)} (out of ${item.scoreMaximum})</caption>`,
    `<thead><tr>${head}</tr></thead>`,
    `<tbody>${rows.join("\n")}</tbody>`,
    `</table>`,
  ].join("\n");
}

/** GET /course/:contextId/gradebook?user=<id>: the gradebook, for a teacher of the course. */
export function handleGradebookPage(platform: TestPlatform, res: ServerResponse, url: URL) {
  const contextId = decodeURIComponent(url.pathname.split("/")[2]);
  const context = platform.context(contextId);
  const userId = url.searchParams.get("user");
  if (!userId) throw new HttpError(400, "name the signed-in teacher with ?user=<id>");
  const role = context.members.get(platform.user(userId).id)?.role;
  if (!role || !GRADEBOOK_ROLES.has(role))
    throw new HttpError(403, `user ${userId} does not teach course ${context.id}: only its instructors, TAs and admins see the gradebook`);
  const items = platform.lineItems({ contextId: context.id });
  const body =
    items.length === 0 ? "<p>No gradebook columns yet.</p>" : items.map((item) => lineItemTable(platform, context, item)).join("\n");
  sendHtml(res, 200, page(`${context.label}: Grades`, `<h1>${escapeHtml(context.title)}: Grades</h1>\n${body}`));
}
