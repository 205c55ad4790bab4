import { AppError } from "@/lib/errors";
import type { FieldProblem } from "./check-terms";

/** A 400 naming each wrong field, shaped like a refused JSON body (lib/http/route.ts): `details.fields`. */
export function invalidFields(problems: readonly FieldProblem[]): AppError {
  const summary = problems.map((problem) => `${problem.path}: ${problem.message}`).join("; ");
  return new AppError("INVALID_INPUT", `The request is invalid: ${summary}.`, { fields: problems });
}
