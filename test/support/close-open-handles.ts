// Runs after each test file (jest.config.js setupFilesAfterEnv). A suite that
// graded a submission started the process's grading pool, whose idle thread
// would keep the jest worker alive after the file ends ("A worker process has
// failed to exit gracefully"). Production keeps its pool for the process's life.
const GRADING_POOL = Symbol.for("chainrule.gradingPool");

afterAll(async () => {
  if (!(globalThis as Record<symbol, unknown>)[GRADING_POOL]) return;
  // Loaded only here, so suites that never grade do not load the pool's modules.
  const { closeGradingPool } = await import("@/lib/grading/grade-off-thread");
  await closeGradingPool();
});
