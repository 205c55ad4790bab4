/**
 * What grading needs beyond the spec and the reference, all of it per
 * variant: the variant's seed (to undo the shuffle of choices) and the
 * known mistakes of value kinds, whose wrong values depend on the variant's
 * parameters. (An expression part lists its known mistakes as expressions
 * in its spec instead: they do not depend on the variant.)
 */
export interface KnownMistakeValue<T = unknown> {
  /** A stable name for analytics. */
  id?: string;
  /** The wrong value, in the kind's reference form. */
  value: T;
  /** Feedback for an answer equal to it. */
  message: string;
}

export interface GradeContext {
  variantSeed?: number;
  knownMistakes?: readonly KnownMistakeValue[];
}
