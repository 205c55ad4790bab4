import { renderToStaticMarkup } from "react-dom/server";
import { DataTable, type DataColumn } from "@/app/components/table/data-table";

interface Score {
  id: string;
  name: string;
  points: number;
}

const scores: Score[] = [
  { id: "u1", name: "Ada", points: 7.5 },
  { id: "u2", name: "Grace", points: 10 },
];

const columns: DataColumn<Score>[] = [
  { header: "Student", cell: (score) => score.name, rowHeader: true },
  { header: "Points", cell: (score) => score.points, className: "gb-num", testId: (score) => `points-${score.id}` },
];

const render = (props: Partial<Parameters<typeof DataTable<Score>>[0]> = {}) =>
  renderToStaticMarkup(<DataTable columns={columns} rows={scores} rowKey={(score) => score.id} {...props} />);

describe("the data table", () => {
  it("heads each column with a column-scoped header and gives each row one cell per column, in order", () => {
    expect(render()).toBe(
      '<div class="scroll-box"><table><thead><tr>' +
        '<th scope="col">Student</th><th scope="col" class="gb-num">Points</th>' +
        "</tr></thead><tbody>" +
        '<tr><th scope="row">Ada</th><td class="gb-num" data-testid="points-u1">7.5</td></tr>' +
        '<tr><th scope="row">Grace</th><td class="gb-num" data-testid="points-u2">10</td></tr>' +
        "</tbody></table></div>",
    );
  });

  it("puts the caption first, with its class, and the table's class on the table", () => {
    const html = render({ caption: "Scores", captionClassName: "gb-visually-hidden", className: "gb-compact" });
    expect(
      html.startsWith('<div class="scroll-box"><table class="gb-compact"><caption class="gb-visually-hidden">Scores</caption><thead>'),
    ).toBe(true);
  });

  it("passes each row's index to the cells", () => {
    const html = render({ columns: [{ header: "Order", cell: (_score, index) => index + 1 }] });
    expect(html).toContain("<tr><td>1</td></tr><tr><td>2</td></tr>");
  });

  it("marks only the current row with aria-current", () => {
    const html = render({ isCurrent: (score) => score.id === "u2" });
    expect(html.match(/aria-current="true"/g)).toHaveLength(1);
    expect(html).toContain('<tr aria-current="true"><th scope="row">Grace</th>');
  });

  it("shows the empty message instead of a table when there are no rows", () => {
    expect(render({ rows: [], empty: "No students yet." })).toBe('<p class="muted">No students yet.</p>');
  });

  it("keeps the headings of an empty table when no empty message is given", () => {
    expect(render({ rows: [] })).toBe(
      '<div class="scroll-box"><table><thead><tr><th scope="col">Student</th><th scope="col" class="gb-num">Points</th></tr></thead><tbody></tbody></table></div>',
    );
  });
});
