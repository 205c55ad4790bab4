import type { AssessmentSummary } from "@/lib/courses/list-courses-for-user";

const dueFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export function AssessmentList({ assessments }: { assessments: AssessmentSummary[] }) {
  if (assessments.length === 0) return <p className="muted">No assessments yet.</p>;
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">Assessment</th>
          <th scope="col">Problems</th>
          <th scope="col">Due (UTC)</th>
        </tr>
      </thead>
      <tbody>
        {assessments.map((assessment) => (
          <tr key={assessment.id}>
            <td>
              {assessment.title} {!assessment.published && <span className="tag">draft</span>}
            </td>
            <td>{assessment.problemCount}</td>
            <td>{assessment.dueAt ? dueFormat.format(assessment.dueAt) : "no due date"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
