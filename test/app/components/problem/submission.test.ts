import { interpretSubmitResponse, postSubmission, submissionsUrl } from "@/app/components/problem/submission";
import type { SubmissionResponse } from "@/lib/submissions/contract";
import { policy, standing } from "./sample-data";

const graded: SubmissionResponse = {
  submissionId: "sub_1",
  attempt: 2,
  score: 0.3,
  late: false,
  latePenalty: 0,
  parts: [{ id: "d.dW0", score: 1, feedback: "correct", status: "graded" }],
  submittedAt: "2026-03-01T10:00:00.000Z",
  policy: policy({ attemptsUsed: 2, attemptsLeft: 1 }),
  standing: standing({ score: 0.3, pointsEarned: 3 }),
  replayed: false,
};

describe("reading the submissions API's answer", () => {
  it("takes a 201 with a submission as graded", () => {
    expect(interpretSubmitResponse(201, graded)).toEqual({ kind: "graded", response: graded });
  });

  it("takes a 201 whose results are held (an exam before it closes: score null) as graded, not as a malformed answer", () => {
    const held: SubmissionResponse = {
      ...graded,
      score: null,
      parts: [{ id: "d.dW0", score: null, feedback: null, status: "received" }],
      policy: policy({ feedbackMode: "EXAM", resultsHeld: true, resultsHeldUntil: "2026-03-14T17:00:00.000Z" }),
      standing: standing({ score: null, pointsEarned: null }),
    };
    expect(interpretSubmitResponse(201, held)).toEqual({ kind: "graded", response: held });
  });

  it("takes a 422 INVALID_ANSWERS as per-part messages with no attempt used", () => {
    const body = {
      error: {
        code: "INVALID_ANSWERS",
        message: "Some answers could not be read.",
        details: { parts: [{ id: "d.dW0", feedback: "W1 is 1×h and z is h×1" }, { bogus: true }] },
      },
    };
    expect(interpretSubmitResponse(422, body)).toEqual({
      kind: "invalid",
      message: "Some answers could not be read.",
      parts: [{ id: "d.dW0", feedback: "W1 is 1×h and z is h×1" }],
    });
  });

  it.each([
    [409, "ATTEMPTS_EXHAUSTED", /used all your attempts/],
    [403, "SUBMISSIONS_CLOSED", /no longer accepts submissions/],
    [401, "UNAUTHENTICATED", /Sign in again/],
    [429, "RATE_LIMITED", /Wait a minute/],
  ])("turns %i %s into the API's message and what to do next", (status, code, nextStep) => {
    const outcome = interpretSubmitResponse(status, { error: { code, message: "from the server" } });
    expect(outcome.kind).toBe("error");
    if (outcome.kind !== "error") return;
    expect(outcome.code).toBe(code);
    expect(outcome.message).toBe("from the server");
    expect(outcome.nextStep).toMatch(nextStep);
    expect(outcome.signIn === true).toBe(code === "UNAUTHENTICATED");
  });

  it("falls back on the status when the body is not the API's JSON (a proxy's error page)", () => {
    const outcome = interpretSubmitResponse(502, null);
    expect(outcome).toMatchObject({ kind: "error", code: "INTERNAL", message: "The server answered 502." });
    expect(interpretSubmitResponse(401, null)).toMatchObject({ kind: "error", code: "UNAUTHENTICATED", signIn: true });
  });
});

describe("posting a submission", () => {
  it("sends the answers as JSON with the idempotency key to the assessment's submissions URL", async () => {
    const calls: [string, RequestInit][] = [];
    const fetchStub = (async (url: string, init: RequestInit) => {
      calls.push([url, init]);
      return new Response(JSON.stringify(graded), { status: 201, headers: { "Content-Type": "application/json" } });
    }) as unknown as typeof fetch;
    const outcome = await postSubmission(
      { slug: "nn-backprop", assessmentId: "a 1", answers: { "d.dW0": "W1.T" }, idempotencyKey: "key-1" },
      fetchStub,
    );
    expect(outcome.kind).toBe("graded");
    const [url, init] = calls[0];
    expect(url).toBe("/api/problems/nn-backprop/submissions?assessmentId=a%201");
    expect(init.method).toBe("POST");
    expect((init.headers as Record<string, string>)["Idempotency-Key"]).toBe("key-1");
    expect(JSON.parse(init.body as string)).toEqual({ answers: { "d.dW0": "W1.T" } });
  });

  it("reports a network failure as such, without claiming anything about attempts", async () => {
    const failing = (async () => {
      throw new TypeError("Failed to fetch");
    }) as unknown as typeof fetch;
    expect(await postSubmission({ slug: "s", assessmentId: "a", answers: {}, idempotencyKey: "k" }, failing)).toMatchObject({
      kind: "error",
      code: "NETWORK",
    });
  });

  it("builds the URL with both parts escaped", () => {
    expect(submissionsUrl("zero-init", "ckx/1")).toBe("/api/problems/zero-init/submissions?assessmentId=ckx%2F1");
  });
});
