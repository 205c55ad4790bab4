import Link from "next/link";
import type { Gradebook, GradebookQuery } from "@/lib/gradebook/get-gradebook";

/** The filter form: a plain GET form, so the filtered view is a URL that can be shared or bookmarked. */
export function GradebookFilters({ book, query }: { book: Gradebook; query: GradebookQuery }) {
  return (
    <form method="get" className="gb-filters" aria-label="Filter students">
      {query.sort && <input type="hidden" name="sort" value={query.sort} />}
      {query.direction && <input type="hidden" name="direction" value={query.direction} />}
      {query.expand && <input type="hidden" name="expand" value={query.expand} />}
      <label>
        Name or email
        <input type="search" name="search" defaultValue={query.search ?? ""} placeholder="e.g. ada" />
      </label>
      <label>
        Section
        <select name="section" defaultValue={query.section ?? ""}>
          <option value="">All sections</option>
          {book.sections.map((section) => (
            <option key={section} value={section}>
              {section || "(none)"}
            </option>
          ))}
        </select>
      </label>
      <label>
        Total at least (%)
        <input type="number" name="minPercent" min={0} max={100} step="any" inputMode="decimal" defaultValue={query.minPercent ?? ""} />
      </label>
      <label>
        Total at most (%)
        <input type="number" name="maxPercent" min={0} max={100} step="any" inputMode="decimal" defaultValue={query.maxPercent ?? ""} />
      </label>
      <label>
        Rows per page
        <select name="pageSize" defaultValue={String(query.pageSize ?? 50)}>
          {[25, 50, 100, 200].map((size) => (
            <option key={size} value={size}>
              {size}
            </option>
          ))}
        </select>
      </label>
      <div className="gb-filter-actions">
        <button type="submit">Apply</button>
        <Link href={`/gradebook/${book.assessment.id}`}>Clear</Link>
      </div>
    </form>
  );
}
