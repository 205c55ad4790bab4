/**
 * What the problem page loads on a student's first input, as one chunk:
 * the grader's readers behind the live checks and the expression preview
 * (parser, shape checker, the engine they use, zod through the answer
 * specs) and KaTeX for the preview's formula. Loaded through live-grader.ts,
 * never imported statically by the page's components.
 */
export { analyzeExpressionDraft, checkDraft, draftToRaw, gridFromPaste, showsLiveError } from "./answer-draft";
export { texToHtml } from "../math/tex-html";
