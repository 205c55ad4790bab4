import { renderToStaticMarkup } from "react-dom/server";
import { LocalDate } from "@/app/components/dates/local-date";
import { ViewerDate } from "@/app/components/dates/viewer-date";

// A zone this runtime lacks stands for a newer zone a browser's older data lacks.
const due = "2026-12-11T22:00:00.000Z";

describe("a date shown for its viewer", () => {
  it("shows the server's course-zone text where the runtime does not know the course's zone, instead of throwing", () => {
    const html = renderToStaticMarkup(
      <ViewerDate at={due} timeZone="Mars/Olympus_Mons" courseText="Fri 11 Dec 2026, 15:00 America/Ciudad_Juarez" />,
    );
    expect(html).toBe('<time dateTime="2026-12-11T22:00:00.000Z">Fri 11 Dec 2026, 15:00 America/Ciudad_Juarez</time>');
  });

  it("renders on the server in the course's zone, handing that text over", () => {
    const html = renderToStaticMarkup(<LocalDate at={new Date(due)} timeZone="Europe/London" testId="due" />);
    expect(html).toBe('<time dateTime="2026-12-11T22:00:00.000Z" data-testid="due">Fri 11 Dec 2026, 22:00 Europe/London</time>');
  });
});
