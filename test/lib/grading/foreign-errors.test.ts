// The grading pool is shared by the server's bundles, each with its own copy
// of the error classes: errors from another copy are remade as this copy's.
import { asOwnError } from "@/lib/grading/grade-off-thread";
import { AppError } from "@/lib/errors";
import { ProblemError } from "@/grader/problems";

/** An error as another bundle's copy of the class would make it: same name and fields, another prototype. */
function foreign(name: string, fields: Record<string, unknown>): Error {
  class Lookalike extends Error {}
  return Object.assign(new Lookalike("from another copy"), { name, ...fields });
}

describe("errors coming back from the grading pool", () => {
  it("remakes another copy's AppError as this copy's, with its code, message and details", () => {
    const remade = asOwnError(foreign("AppError", { code: "UNAVAILABLE", details: { retry: true } }));
    expect(remade).toBeInstanceOf(AppError);
    expect(remade).toMatchObject({ code: "UNAVAILABLE", message: "from another copy", details: { retry: true } });
  });

  it("remakes another copy's ProblemError as this copy's", () => {
    const remade = asOwnError(foreign("ProblemError", { code: "UNKNOWN_PART" }));
    expect(remade).toBeInstanceOf(ProblemError);
    expect(remade).toMatchObject({ code: "UNKNOWN_PART", message: "from another copy" });
  });

  it("leaves this copy's errors and anything else as they are", () => {
    const own = new AppError("NOT_FOUND", "missing");
    const bug = new TypeError("a bug");
    expect(asOwnError(own)).toBe(own);
    expect(asOwnError(bug)).toBe(bug);
  });
});
