/** The grading page of one free-text part: without a student, it opens the next answer that needs grading. */
export function gradingPath(assessmentId: string, assessmentProblemId: string, partId: string, studentId?: string): string {
  const query = new URLSearchParams();
  if (studentId) query.set("student", studentId);
  const search = query.toString();
  return `/gradebook/${assessmentId}/grading/${assessmentProblemId}/${encodeURIComponent(partId)}${search ? `?${search}` : ""}`;
}
