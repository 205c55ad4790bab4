import { ModelImportError } from "@/grader/authoring/model-import";

/** The ModelImportError `run` throws; fails the test if it throws nothing or something else. */
export function importErrorOf(run: () => unknown): ModelImportError {
  try {
    run();
  } catch (error) {
    if (error instanceof ModelImportError) return error;
    throw error;
  }
  throw new Error("expected a ModelImportError, but nothing was thrown");
}
