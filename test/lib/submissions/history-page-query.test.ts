import { ZodError } from "zod";
import { DEFAULT_HISTORY_PAGE, historyPageQuerySchema, MAX_HISTORY_PAGE } from "@/lib/submissions/requests";

// GET …/submissions' query string: a page of at most MAX_HISTORY_PAGE, and a
// bad value refused with a message that names the parameter.

const parse = (query: string) => historyPageQuerySchema.parse(Object.fromEntries(new URLSearchParams(query)));
const messageOf = (query: string) => {
  try {
    parse(query);
  } catch (error) {
    if (error instanceof ZodError) return error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
  }
  return "accepted";
};

describe("the history's page query", () => {
  it("lists the newest DEFAULT_HISTORY_PAGE without a query, and reads limit and before as numbers", () => {
    expect(parse("")).toEqual({ limit: DEFAULT_HISTORY_PAGE });
    expect(parse("assessmentId=abc&limit=5&before=12")).toEqual({ limit: 5, before: 12 });
    expect(parse(`limit=${MAX_HISTORY_PAGE}`)).toEqual({ limit: MAX_HISTORY_PAGE });
  });

  it.each([
    ["limit=0", "limit: limit must be at least 1"],
    [`limit=${MAX_HISTORY_PAGE + 1}`, `limit: limit may be at most ${MAX_HISTORY_PAGE}`],
    ["limit=2.5", "limit: limit must be a whole number"],
    ["before=0", "before: before must be an attempt number, 1 or more"],
    ["before=3.5", "before: before must be a whole attempt number"],
  ])("refuses %s, naming the parameter", (query, message) => {
    expect(messageOf(query)).toBe(message);
  });

  it("refuses a value that is not a number, naming the parameter", () => {
    expect(messageOf("limit=ten")).toBe("limit: limit must be a number of submissions");
    expect(messageOf("before=latest")).toBe("before: before must be an attempt number");
  });
});
