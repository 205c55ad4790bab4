import Link from "next/link";

const TABS = [
  { key: "grades", label: "Grades", path: "" },
  { key: "analytics", label: "Analytics", path: "/analytics" },
  { key: "grading", label: "Grading queue", path: "/grading" },
  { key: "regrade", label: "Regrade", path: "/regrade" },
  { key: "exceptions", label: "Exceptions", path: "/exceptions" },
] as const;

/** The staff pages of one assessment, with where you are, and the CSV downloads. */
export function AssessmentNav({ assessmentId, current }: { assessmentId: string; current: (typeof TABS)[number]["key"] | null }) {
  const base = `/gradebook/${assessmentId}`;
  const api = `/api/staff/assessments/${assessmentId}/exports`;
  return (
    <div className="gb-nav">
      <nav aria-label="Assessment pages" className="gb-tabs">
        {TABS.map((tab) => (
          <Link key={tab.key} href={`${base}${tab.path}`} aria-current={current === tab.key ? "page" : undefined}>
            {tab.label}
          </Link>
        ))}
      </nav>
      <div className="gb-downloads">
        <a href={`${api}/gradebook`} download>
          Gradebook CSV (Canvas)
        </a>
        <a href={`${api}/submissions`} download>
          Submissions CSV
        </a>
      </div>
    </div>
  );
}
