import { z } from "zod";
import { AppError } from "@/lib/errors";
import { jsonRoute } from "@/lib/http/route";

const request = new Request("http://localhost/api/thing", { method: "POST" });

describe("jsonRoute", () => {
  it("turns an AppError into its status with a JSON body naming the code", async () => {
    const route = jsonRoute(async () => {
      throw new AppError("FORBIDDEN", "Staff only.");
    });
    const response = await route(request, {});
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ error: { code: "FORBIDDEN", message: "Staff only." } });
  });

  it("turns a validation failure into a 400 that names each invalid field", async () => {
    const route = jsonRoute(async () => {
      z.object({ points: z.number().positive() }).parse({ points: -1 });
      return new Response("unreachable");
    });
    const response = await route(request, {});
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error.code).toBe("INVALID_INPUT");
    expect(body.error.message).toMatch(/^The request is invalid: points: /);
    expect(body.error.details.fields[0].path).toBe("points");
  });

  it("hides an unexpected error's internals behind a 500", async () => {
    const spy = jest.spyOn(console, "error").mockImplementation(() => {});
    const route = jsonRoute(async () => {
      throw new Error("connection string postgresql://secret@db");
    });
    const response = await route(request, {});
    expect(response.status).toBe(500);
    expect(JSON.stringify(await response.json())).not.toContain("secret");
    expect(spy).toHaveBeenCalled();
    spy.mockRestore();
  });

  it("passes a successful response through untouched", async () => {
    const route = jsonRoute(async () => Response.json({ ok: true }, { status: 201 }));
    const response = await route(request, {});
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ ok: true });
  });

  it("refuses a change a browser sent from another site's page before the handler runs, and lets same-site and non-browser ones through", async () => {
    let ran = 0;
    const route = jsonRoute(async () => {
      ran += 1;
      return Response.json({ ok: true });
    });
    const from = (site: string | null, method = "POST") =>
      new Request("http://localhost/api/thing", { method, headers: site ? { "sec-fetch-site": site } : {} });
    const refused = await route(from("cross-site"), {});
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.code).toBe("FORBIDDEN");
    expect(ran).toBe(0);
    for (const site of ["same-origin", "same-site", "none", null]) expect((await route(from(site), {})).status).toBe(200);
    // Reading is not a change: a cross-site GET gets its answer (CORS keeps it from the other site's script).
    expect((await route(from("cross-site", "GET"), {})).status).toBe(200);
    expect(ran).toBe(5);
  });
});
