import type { ReactNode } from "react";
import { ScrollBox } from "./scroll-box";

export interface DataColumn<Row> {
  header: ReactNode;
  cell: (row: Row, index: number) => ReactNode;
  /** On the heading and on every cell of the column, e.g. "gb-num" for right-aligned figures. */
  className?: string;
  /** The column names its row: cells are `<th scope="row">`, so a screen reader announces them with each cell of the row. */
  rowHeader?: boolean;
  testId?: (row: Row) => string;
}

interface DataTableProps<Row> {
  columns: DataColumn<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  caption?: ReactNode;
  captionClassName?: string;
  className?: string;
  /** Shown instead of the table when there are no rows; without it an empty table keeps its headings. */
  empty?: ReactNode;
  /** Marks the row the page is about (`aria-current="true"`), e.g. the open version. */
  isCurrent?: (row: Row) => boolean;
  /** Names the table's scroll box, which a screen reader announces when the table is wider than the page; by default the caption (if text) or the column headings. */
  label?: string;
}

/** "Title, Due, Score": the headings that are plain text, enough to tell one table from another. */
const headingsOf = <Row,>(columns: DataColumn<Row>[]) =>
  columns
    .map((column) => column.header)
    .filter((header): header is string => typeof header === "string" && header.length > 0)
    .join(", ");

/**
 * A read-only table: one heading per column, one row per item. No hooks and
 * no server-only imports, so both server and client components can render it.
 */
export function DataTable<Row>({
  columns,
  rows,
  rowKey,
  caption,
  captionClassName,
  className,
  empty,
  isCurrent,
  label,
}: DataTableProps<Row>) {
  if (rows.length === 0 && empty !== undefined) return <p className="muted">{empty}</p>;
  return (
    <ScrollBox label={label ?? (typeof caption === "string" ? caption : `Table: ${headingsOf(columns)}`)}>
      <table className={className}>
        {caption !== undefined && <caption className={captionClassName}>{caption}</caption>}
        <thead>
          <tr>
            {columns.map((column, c) => (
              <th key={c} scope="col" className={column.className}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            <tr key={rowKey(row)} aria-current={isCurrent?.(row) ? "true" : undefined}>
              {columns.map((column, c) => {
                const Cell = column.rowHeader ? "th" : "td";
                return (
                  <Cell
                    key={c}
                    scope={column.rowHeader ? "row" : undefined}
                    className={column.className}
                    data-testid={column.testId?.(row)}
                  >
                    {column.cell(row, index)}
                  </Cell>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollBox>
  );
}
