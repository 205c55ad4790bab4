import Link from "next/link";
import type { ReactNode } from "react";
import type { Gradebook, GradebookQuery } from "@/lib/gradebook/get-gradebook";
import { gradebookQueryString } from "@/lib/gradebook/requests";
import { formatPoints } from "./format";

interface GradebookTableProps {
  /** Students with an exception or accommodation on this assessment: userId → its terms in words (lib/exceptions/describe-exceptions.ts). */
  exceptionNotes?: Record<string, string>;
  book: Gradebook;
  query: GradebookQuery;
}

/**
 * The grid: one row per student, one column per problem (and the expanded
 * problem's parts), sortable by clicking a heading. Links only, so it works
 * from the keyboard and without JavaScript; the URL holds the whole view.
 */
export function GradebookTable({ book, query, exceptionNotes = {} }: GradebookTableProps) {
  const base = `/gradebook/${book.assessment.id}`;
  const sort = query.sort ?? "name";
  const direction = query.direction ?? "asc";
  const href = (change: Partial<GradebookQuery>) => `${base}${gradebookQueryString({ ...query, ...change })}`;
  const sortHeader = (key: string, label: ReactNode, firstDirection: "asc" | "desc" = "asc") => {
    const active = sort === key;
    const next = active ? (direction === "asc" ? "desc" : "asc") : firstDirection;
    return {
      "aria-sort": active ? (direction === "asc" ? ("ascending" as const) : ("descending" as const)) : undefined,
      link: (
        <Link href={href({ sort: key, direction: next, page: 1 })} className="gb-sort">
          {label}
          <span aria-hidden="true">{active ? (direction === "asc" ? " ▲" : " ▼") : ""}</span>
        </Link>
      ),
    };
  };
  const name = sortHeader("name", "Student");
  const section = sortHeader("section", "Section");
  const total = sortHeader("total", "Total", "desc");

  return (
    <div className="gb-scroll" role="region" aria-label="Gradebook" tabIndex={0}>
      <table className="gb-table">
        <thead>
          <tr>
            <th scope="col" className="gb-sticky" aria-sort={name["aria-sort"]}>
              {name.link}
            </th>
            <th scope="col" aria-sort={section["aria-sort"]}>
              {section.link}
            </th>
            <th scope="col" className="gb-num" aria-sort={total["aria-sort"]}>
              {total.link}
            </th>
            {book.columns.map((column) => {
              // Clamped to two lines by CSS; the whole title stays the link's text and shows on hover.
              const title = (
                <span className="gb-problem-title" title={column.title}>
                  {column.title}
                </span>
              );
              const header = sortHeader(column.assessmentProblemId, title, "desc");
              const expanded = column.parts !== undefined;
              return [
                <th key={column.assessmentProblemId} scope="col" className="gb-num gb-problem" aria-sort={header["aria-sort"]}>
                  {header.link}
                  <span className="gb-sub">
                    {formatPoints(column.points)} pts · v{column.version}
                    {column.pool.length > 0 && (
                      <span title={column.pool.map((m) => m.title).join(", ")}> · pool of {column.pool.length}</span>
                    )}
                    {!column.definitionAvailable && (
                      <>
                        {" "}
                        · <Link href={`${base}/regrade`}>needs regrade</Link>
                      </>
                    )}
                  </span>
                  <Link href={href({ expand: expanded ? undefined : column.assessmentProblemId })} className="gb-sub">
                    {expanded ? "hide parts" : "parts"}
                    <span className="gb-visually-hidden"> of {column.title}</span>
                  </Link>
                </th>,
                ...(column.parts ?? []).map((part) => (
                  <th key={`${column.assessmentProblemId}:${part.id}`} scope="col" className="gb-num gb-part">
                    {part.id}
                    <span className="gb-sub">{formatPoints(part.points)} pts</span>
                  </th>
                )),
              ];
            })}
          </tr>
        </thead>
        <tbody>
          {book.rows.length === 0 && (
            <tr>
              <td colSpan={3 + book.columns.length} className="muted">
                No students match.
              </td>
            </tr>
          )}
          {book.rows.map((row) => (
            <tr key={row.userId}>
              <th scope="row" className="gb-sticky">
                <Link href={`${base}/students/${row.userId}`}>{row.name}</Link>
                {exceptionNotes[row.userId] && (
                  <>
                    {" "}
                    <span className="tag" title={exceptionNotes[row.userId]} data-testid={`exception-badge-${row.userId}`}>
                      exception<span className="visually-hidden">: {exceptionNotes[row.userId]}</span>
                    </span>
                  </>
                )}
                <span className="gb-sub">{row.email}</span>
              </th>
              <td>{row.section || <span className="muted">—</span>}</td>
              <td className="gb-num">
                <strong>{formatPoints(row.pointsEarned)}</strong> / {formatPoints(row.pointsPossible)}
                <span className="gb-sub">{Math.round(row.percent * 10) / 10}%</span>
              </td>
              {book.columns.map((column) => {
                const cell = row.cells[column.assessmentProblemId];
                return [
                  <td key={column.assessmentProblemId} className="gb-num" data-testid={`cell-${row.userId}-${column.slug}`}>
                    {cell.score === null ? (
                      <span className="muted" title="nothing submitted">
                        —
                      </span>
                    ) : (
                      formatPoints(cell.pointsEarned)
                    )}
                    {cell.member && (
                      <span
                        className="gb-sub"
                        data-testid={`member-${row.userId}-${column.slug}`}
                        title="the pool member this student drew"
                      >
                        {cell.member}
                      </span>
                    )}
                    <span className="gb-sub">
                      {cell.attempts > 0 && `${cell.attempts} ${cell.attempts === 1 ? "try" : "tries"}`}
                      {cell.late && <span className="gb-flag gb-late">late</span>}
                      {cell.overridden && <span className="gb-flag gb-override">override</span>}
                    </span>
                  </td>,
                  ...(column.parts ?? []).map((part) => {
                    const score = cell.partScores?.[part.id];
                    return (
                      <td key={`${column.assessmentProblemId}:${part.id}`} className="gb-num gb-part">
                        {score === undefined ? <span className="muted">—</span> : formatPoints(score * part.points)}
                      </td>
                    );
                  }),
                ];
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
