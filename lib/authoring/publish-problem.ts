import "server-only";
import { findBankProblem } from "@/grader/bank";
import { DEFAULT_VALIDATION_SEEDS } from "@/grader/problems";
import { formatOfText, parseDocument, type ProblemDocumentInput } from "@/grader/authoring";
import { documentOfStoredDefinition } from "@/grader/stored";
import type { Db, Prisma } from "@/lib/db/client";
import { assertCourseRole, type AuthorizedUser } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import type { DocumentFormat, PublishedProblem } from "./contract";
import { readProblemDocument } from "./read-document";
import { storedDocument } from "./stored-document";
import { describeFirstFailure, validateProblemDocument } from "./validate-document";
import { isUniqueViolation } from "@/lib/db/unique-violation";

export interface PublishProblemOptions {
  db: Db;
  /** Must be an instructor of the course (checked here). */
  actor: AuthorizedUser;
  courseId: string;
  /** The document's text, JSON or YAML. */
  text: string;
  format?: DocumentFormat;
  /** Seeds it must pass before it is published. */
  seeds?: number;
}

/** Two courses publishing one new slug at the same moment race for (slug, version 1); the loser looks again. */
const VERSION_RACE_RETRIES = 3;

/**
 * Publishes a problem document as a new, immutable version of an authored
 * problem of the course:
 * - the document must compile and pass validation on `seeds` seeds, or
 *   nothing is written and the error names the first failing seed;
 * - its slug belongs to this course: a slug of the bank, or of another
 *   course's problem, is refused;
 * - the new row's version is one more than the slug's newest, and the
 *   stored document says so in its `version` field (whatever the author
 *   wrote there), so that an exported document names its version; it is
 *   stored as text (stored-document.ts says why);
 * - the author's own text is kept beside it, exactly as sent, for export
 *   and the editor: instructors keep problems in git and diff them;
 * - a document equal, as a problem, to the newest version is refused,
 *   rather than making a version that changes nothing. The canonical forms
 *   are compared, so a text that differs only in layout or comments is
 *   refused too: a version is what students are graded on, and a new one
 *   asks for a regrade.
 * Earlier rows are never touched: variants and submissions keep pointing at
 * the version they were drawn and graded with, and the gradebook's regrade
 * (lib/regrade) moves a placement to the new version.
 */
export async function publishProblem({
  db,
  actor,
  courseId,
  text,
  format,
  seeds = DEFAULT_VALIDATION_SEEDS,
}: PublishProblemOptions): Promise<PublishedProblem> {
  assertCourseRole(actor, courseId, ["INSTRUCTOR"]);
  const { document, problem } = readProblemDocument(text, format);
  const slug = problem.slug;
  if (findBankProblem(slug)) {
    throw new AppError("CONFLICT", `The slug "${slug}" belongs to a problem of the bank; choose another slug.`);
  }
  const validation = await validateProblemDocument({ text, format, seeds });
  if (validation.status !== "valid") {
    const reason = validation.status === "failing-seeds" ? describeFirstFailure(validation) : validation.error.message;
    throw new AppError("INVALID_INPUT", `Not published: it fails validation on ${reason}`, { validation });
  }

  for (let attempt = 0; ; attempt++) {
    try {
      return await db.$transaction(async (tx) => {
        const rows = await tx.problem.findMany({
          where: { slug },
          orderBy: { version: "desc" },
          select: { id: true, version: true, courseId: true, source: true, definition: true, authorText: true },
        });
        if (rows.some((row) => row.source !== "AUTHORED" || row.courseId !== courseId)) {
          throw new AppError("CONFLICT", `The slug "${slug}" is already used by another course's problem; choose another slug.`);
        }
        const newest = rows[0];
        if (newest && sameProblem(newest.definition, document)) {
          const reason =
            newest.authorText === text
              ? "it is already published"
              : "only the layout or comments differ, which do not change what is graded; edit the problem itself to publish a new version";
          throw new AppError("CONFLICT", `Nothing changed since version ${newest.version} of "${slug}": ${reason}.`);
        }
        const version = (newest?.version ?? 0) + 1;
        const stored = storedDocument({ ...document, version });
        const row = await tx.problem.create({
          data: {
            slug,
            version,
            title: problem.title,
            source: "AUTHORED",
            definition: stored as unknown as Prisma.InputJsonValue,
            authorText: text,
            authorFormat: format ?? formatOfText(text),
            courseId,
            createdById: actor.id,
          },
        });
        await tx.auditLog.create({
          data: {
            actorId: actor.id,
            courseId,
            action: "problem.publish",
            entityType: "Problem",
            entityId: row.id,
            before: newest ? { problemId: newest.id, version: newest.version } : undefined,
            after: { slug, version, title: problem.title, seeds: validation.seeds, checks: validation.checks },
          },
        });
        return { problemId: row.id, slug, version, title: problem.title, previousVersion: newest?.version ?? null };
      });
    } catch (error) {
      if (isUniqueViolation(error) && attempt < VERSION_RACE_RETRIES) continue;
      if (isUniqueViolation(error)) throw new AppError("CONFLICT", `Someone else published "${slug}" at the same moment; try again.`);
      throw error;
    }
  }
}

/** Equal as problems: defaults filled in, and the version and $schema fields (which do not change what is graded) left out. */
function sameProblem(stored: unknown, document: ProblemDocumentInput): boolean {
  const comparable = (value: unknown) => {
    try {
      const { version: _version, $schema: _schema, ...rest } = parseDocument(value);
      return JSON.stringify(rest);
    } catch {
      return null;
    }
  };
  const before = comparable(documentOfStoredDefinition(stored));
  return before !== null && before === comparable(document);
}
