/**
 * The reasoning Section 07 asks for, written out and graded by a person
 * (free-text parts). A set of its own rather than a part added to a Section 07
 * problem, so that those problems' versions, and every stored variant of them,
 * stay as they are.
 */
import type { ProblemSet } from "../problem-set";
import { compileDocument } from "../../authoring";
import section07ReasoningDocument from "./section-07-reasoning.json";

export const REASONING: ProblemSet = {
  slug: "reasoning",
  title: "Reasoning in words (graded by the course staff)",
  description: "Section 07's explanations in the student's own words, graded through the TA queue.",
  problems: [compileDocument(section07ReasoningDocument)],
  demo: true,
};
