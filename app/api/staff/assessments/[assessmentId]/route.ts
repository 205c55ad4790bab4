import { NextResponse } from "next/server";
import { requireAssessmentRole } from "@/lib/auth/session";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { jsonRoute } from "@/lib/http/route";
import { readJson } from "@/lib/http/read-json";
import { getDb } from "@/lib/db/client";
import { assessmentSettingsJson, updateAssessment } from "@/lib/assessments/manage-assessment";
import { assessmentForEditing } from "@/lib/assessments/editor-data";
import { assessmentUpdateBodySchema, type AssessmentSettingsInput, type PlacementList } from "@/lib/assessments/requests";

export const dynamic = "force-dynamic";

interface Context {
  params: Promise<{ assessmentId: string }>;
}

/** The assessment's settings (dates as ISO strings). Staff of the course. */
export const GET = jsonRoute<Context>(async (_request, { params }) => {
  const { assessmentId } = await params;
  await requireAssessmentRole(assessmentId, STAFF_ROLES);
  return NextResponse.json({ assessment: assessmentSettingsJson(await assessmentForEditing({ db: getDb(), assessmentId })) });
});

/**
 * Replaces the settings (and, with `problems`, the placements), validated as
 * the editor's form is (lib/assessments/requests.ts): a 400 names each field
 * that is wrong and nothing is saved. Instructors of the course; audited.
 * Body: { settings: { title, slug, opensAt, dueAt, lateCutoffAt, timeLimitMinutes, … }, problems?: [{ problemId, points }] }.
 */
export const PUT = jsonRoute<Context>(async (request, { params }) => {
  const { assessmentId } = await params;
  const actor = await requireAssessmentRole(assessmentId, ["INSTRUCTOR"]);
  const body = await readJson(request, assessmentUpdateBodySchema);
  const updated = await updateAssessment({
    db: getDb(),
    actorId: actor.id,
    assessmentId,
    // Both are validated in full by updateAssessment's own schemas.
    settings: body.settings as AssessmentSettingsInput,
    placements: body.problems as PlacementList | undefined,
  });
  return NextResponse.json({ assessment: assessmentSettingsJson(updated!) });
});
