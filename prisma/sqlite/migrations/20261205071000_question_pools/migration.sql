-- CreateTable
CREATE TABLE "PlacementPoolMember" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "assessmentProblemId" TEXT NOT NULL,
    "problemId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    CONSTRAINT "PlacementPoolMember_assessmentProblemId_fkey" FOREIGN KEY ("assessmentProblemId") REFERENCES "AssessmentProblem" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "PlacementPoolMember_problemId_fkey" FOREIGN KEY ("problemId") REFERENCES "Problem" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "PlacementPoolMember_problemId_idx" ON "PlacementPoolMember"("problemId");

-- CreateIndex
CREATE UNIQUE INDEX "PlacementPoolMember_assessmentProblemId_position_key" ON "PlacementPoolMember"("assessmentProblemId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "PlacementPoolMember_assessmentProblemId_problemId_key" ON "PlacementPoolMember"("assessmentProblemId", "problemId");

