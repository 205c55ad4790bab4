/** Which answer a grading page opens: a student's, or (without one) the next that needs grading; of a pool, the member's part. */
export interface GradingQuery {
  student?: string;
  /** Of a pooled placement, the member's slug. */
  member?: string;
  /** A student whose answer "next" passes over. */
  skip?: string;
}

/** The grading page of one free-text part: without a student, it opens the next answer that needs grading. */
export function gradingPath(assessmentId: string, assessmentProblemId: string, partId: string, query: GradingQuery = {}): string {
  const search = new URLSearchParams();
  if (query.student) search.set("student", query.student);
  if (query.member) search.set("member", query.member);
  if (query.skip) search.set("skip", query.skip);
  const text = search.toString();
  return `/gradebook/${assessmentId}/grading/${assessmentProblemId}/${encodeURIComponent(partId)}${text ? `?${text}` : ""}`;
}
