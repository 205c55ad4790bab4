-- An exception is for exactly one student or one section, and a course-level
-- accommodation (no assessment) is for one student. Prisma's schema cannot
-- say this, so the constraint lives here, beside the same one for SQLite.
-- Its terms never take anything away: no negative extra attempts, no
-- multiplier below 1.
ALTER TABLE "AssessmentException" ADD CONSTRAINT "AssessmentException_one_target_check" CHECK (
    (("userId" IS NULL) <> ("section" IS NULL))
    AND ("assessmentId" IS NOT NULL OR "userId" IS NOT NULL)
    AND "extraAttempts" >= 0
    AND "timeMultiplier" >= 1
);
