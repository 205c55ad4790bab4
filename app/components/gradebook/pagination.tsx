import Link from "next/link";
import type { Gradebook, GradebookQuery } from "@/lib/gradebook/get-gradebook";
import { gradebookQueryString } from "@/lib/gradebook/requests";

export function Pagination({ book, query }: { book: Gradebook; query: GradebookQuery }) {
  const pages = Math.max(1, Math.ceil(book.totalRows / book.pageSize));
  const href = (page: number) => `/gradebook/${book.assessment.id}${gradebookQueryString({ ...query, page })}`;
  const first = book.totalRows === 0 ? 0 : (book.page - 1) * book.pageSize + 1;
  const last = Math.min(book.page * book.pageSize, book.totalRows);
  return (
    <nav aria-label="Gradebook pages" className="gb-pages">
      <span>
        Students {first}–{last} of {book.totalRows}
        {book.totalRows !== book.totalStudents && ` (filtered from ${book.totalStudents})`}
      </span>
      <span className="gb-page-links">
        {book.page > 1 ? (
          <Link href={href(book.page - 1)} rel="prev">
            ← Previous
          </Link>
        ) : (
          <span className="muted">← Previous</span>
        )}
        <span>
          Page {book.page} of {pages}
        </span>
        {book.page < pages ? (
          <Link href={href(book.page + 1)} rel="next">
            Next →
          </Link>
        ) : (
          <span className="muted">Next →</span>
        )}
      </span>
    </nav>
  );
}
