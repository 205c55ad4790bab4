// The JSON the problem API returns (docs/api.md): shared by the route
// handlers and the problem page's client components. Types only, so client
// code may import it; dates are ISO strings.
import type { PublicVariant } from "@/grader/problems";
import type { Json } from "@/grader/problems/types";

export interface PlacementInfo {
  assessmentProblemId: string;
  assessmentId: string;
  assessmentTitle: string;
  courseId: string;
  /** The problem's points in this assessment. */
  points: number;
  position: number;
}

export interface PolicyInfo {
  /** null: unlimited attempts. */
  attemptLimit: number | null;
  attemptsUsed: number;
  /** null: unlimited. */
  attemptsLeft: number | null;
  /** Which submission counts: the best or the last; BEST_PER_PART: each part's best over the attempts. */
  scoringPolicy: "BEST" | "LAST" | "BEST_PER_PART";
  /**
   * PRACTICE: a wrong-shape answer uses no attempt; HOMEWORK: it is graded wrong and uses one; EXAM: as
   * HOMEWORK, results held until close (lib/submissions/policy.ts).
   */
  feedbackMode: "PRACTICE" | "HOMEWORK" | "EXAM";
  /**
   * An exam before it closes (policy.ts resultsHeld): every score, part
   * result, mark, override and reference is left out (the score fields are
   * null, part results "received") until then.
   */
  resultsHeld: boolean;
  /** When held results are released (the assessment's close); null when nothing is held, or a held exam has no close set. */
  resultsHeldUntil: string | null;
  dueAt: string | null;
  /** Fraction of the score removed per started day after dueAt. */
  latePenaltyPerDay: number;
  /** After this, no submission is accepted; null: late work always accepted. */
  lateCutoffAt: string | null;
  /** Submitting now would be late. */
  late: boolean;
  /**
   * After this, no submission earns credit (the cut-off, or the day the late
   * penalty reaches 100 %); null: never, attempts aside.
   */
  creditEndsAt: string | null;
  /**
   * Submitting now is refused: no attempts left, past the cut-off, the late penalty has reached 100 %
   * (lib/submissions/policy.ts canStillEarnCredit), or the student's time limit has run out.
   */
  closed: boolean;
  revealPolicy: "NEVER" | "AFTER_DUE" | "AFTER_LAST_ATTEMPT" | "AFTER_DUE_OR_LAST_ATTEMPT";
  referencesRevealed: boolean;
  /** When the assessment opens for students; null: once published. */
  opensAt: string | null;
  /** The course's IANA time zone: the dates here are shown in the viewer's zone with this one beside it (lib/dates). */
  timeZone: string;
  /** null: the assessment has no time limit. */
  timeLimit: TimeLimitInfo | null;
}

/** A timed assessment as one student stands in it (lib/submissions/policy.ts personalEndsAt). */
export interface TimeLimitInfo {
  minutes: number;
  /** When the student first opened the assessment; null for staff, whose previews start no clock. */
  startedAt: string | null;
  /** The student's end: start + limit, never after the late cut-off; null when not started. */
  endsAt: string | null;
  /** Whole seconds left at the server's time of the response, rounded up (0 once expired); the page counts down from it. */
  remainingSeconds: number | null;
  expired: boolean;
}

export interface OverrideInfo {
  /** "" for the whole problem. */
  partId: string;
  /** Fraction of the part's (or problem's) points. */
  score: number;
  comment: string;
  createdAt: string;
}

export interface StandingInfo {
  /**
   * The counted score as a fraction of the problem's points, overrides applied; null before any submission, and
   * while results are held (PolicyInfo.resultsHeld).
   */
  score: number | null;
  /** null while results are held. */
  pointsEarned: number | null;
  pointsPossible: number;
  /** Per part, the counted submission's part scores with overrides applied; empty while results are held. */
  partScores: Record<string, number>;
  /** Empty while results are held. */
  overrides: OverrideInfo[];
}

/**
 * Right or wrong, piece by piece, never a reference value: a matrix's
 * entries (row-major, in the answer's own shape, which fits the expected
 * one), or a choice's chosen options (unchosen ones are not marked, so no
 * right option the student did not pick is named).
 */
export type PartMarks = { kind: "entries"; correct: boolean[] } | { kind: "options"; correct: Record<string, boolean> };

/** A part's result in a submission: shown, or held (an exam before it closes: only that an answer was received). */
export type PartResult = ShownPartResult | HeldPartResult;

export interface ShownPartResult {
  id: string;
  /** In [0, 1]. */
  score: number;
  feedback: string;
  /**
   * "unanswered" when the part was left out; "needsGrading": a free-text answer no one has graded yet (its score, 0,
   * is pending, not earned: a TA's grade arrives as a part override).
   */
  status: "graded" | "invalid" | "unanswered" | "needsGrading";
  /** Per-entry or per-option marks of a graded part; absent where the kind has none (lib/submissions/part-marks.ts). */
  marks?: PartMarks;
}

/**
 * An answered part while results are held: no score, feedback or marks. A part left out is still "unanswered"
 * (it scores 0 whatever the answers).
 */
export interface HeldPartResult {
  id: string;
  score: null;
  feedback: null;
  status: "received";
}

export interface VariantResponse {
  variant: PublicVariant;
  placement: PlacementInfo;
  policy: PolicyInfo;
  standing: StandingInfo;
  /** Only once the assessment's reveal policy allows it: each part's reference. */
  references?: Record<string, Json>;
}

export interface SubmissionResponse {
  submissionId: string;
  attempt: number;
  /** Fraction of the problem's points, after the late penalty; null while results are held (policy.resultsHeld). */
  score: number | null;
  late: boolean;
  /** Fraction removed by the late penalty. */
  latePenalty: number;
  parts: PartResult[];
  submittedAt: string;
  policy: PolicyInfo;
  standing: StandingInfo;
  /** True when this is the stored result of an earlier request with the same Idempotency-Key. */
  replayed: boolean;
}

export interface SubmissionHistoryEntry {
  submissionId: string;
  attempt: number;
  submittedAt: string;
  /** null while results are held. */
  score: number | null;
  late: boolean;
  latePenalty: number;
  answers: Record<string, Json>;
  parts: PartResult[];
}

export interface SubmissionHistoryResponse {
  submissions: SubmissionHistoryEntry[];
}

/** One page of GET …/submissions: the newest first; `nextBefore` asks for the next older page (`?before=`), null on the last. */
export interface SubmissionHistoryPage extends SubmissionHistoryResponse {
  nextBefore: number | null;
}

/** The body of a 422 INVALID_ANSWERS error: nothing was stored and no attempt was used. */
export interface InvalidAnswersDetails {
  parts: { id: string; feedback: string }[];
}
