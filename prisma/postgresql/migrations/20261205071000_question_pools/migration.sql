-- CreateTable
CREATE TABLE "PlacementPoolMember" (
    "id" TEXT NOT NULL,
    "assessmentProblemId" TEXT NOT NULL,
    "problemId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "PlacementPoolMember_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PlacementPoolMember_problemId_idx" ON "PlacementPoolMember"("problemId");

-- CreateIndex
CREATE UNIQUE INDEX "PlacementPoolMember_assessmentProblemId_position_key" ON "PlacementPoolMember"("assessmentProblemId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "PlacementPoolMember_assessmentProblemId_problemId_key" ON "PlacementPoolMember"("assessmentProblemId", "problemId");

-- AddForeignKey
ALTER TABLE "PlacementPoolMember" ADD CONSTRAINT "PlacementPoolMember_assessmentProblemId_fkey" FOREIGN KEY ("assessmentProblemId") REFERENCES "AssessmentProblem"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PlacementPoolMember" ADD CONSTRAINT "PlacementPoolMember_problemId_fkey" FOREIGN KEY ("problemId") REFERENCES "Problem"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

