import http from "node:http";
import type { AddressInfo } from "node:net";
import { failedOnClosedConnection, fetchSafeToRepeat } from "@/lib/lti/lms-fetch";

// Requests to an LMS that are safe to repeat are sent once more when their
// connection closed under them, as a kept-alive connection the LMS just
// closed does. Real HTTP: a server that cuts the first requests it gets.

/** A server that resets the connection of the first `cut` requests (`how`), then answers 200 "ok"; it counts requests. */
async function startServer(cut: number, how: "reset" | "closed" = "reset") {
  let requests = 0;
  const server = http.createServer((request, response) => {
    requests++;
    if (requests <= cut) {
      if (how === "reset") request.socket.resetAndDestroy();
      else request.socket.destroy();
      return;
    }
    response.end("ok");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/scores`;
  return { url, requests: () => requests, close: () => new Promise((resolve) => server.close(resolve)) };
}

describe("fetch to an LMS, once more on a closed connection", () => {
  it.each(["reset", "closed"] as const)("sends it again at once when the first connection was %s before any answer", async (how) => {
    const server = await startServer(1, how);
    try {
      const response = await fetchSafeToRepeat(server.url, { method: "POST", body: "score" });
      expect(await response.text()).toBe("ok");
      expect(server.requests()).toBe(2);
    } finally {
      await server.close();
    }
  });

  it("sends it twice at most: a second reset is the caller's to handle, with its cause", async () => {
    const server = await startServer(5);
    try {
      const error = await fetchSafeToRepeat(server.url).catch((caught: unknown) => caught);
      expect(failedOnClosedConnection(error)).toBe(true);
      expect(server.requests()).toBe(2);
    } finally {
      await server.close();
    }
  });

  it("does not repeat a request that failed any other way, such as its time running out", async () => {
    let requests = 0;
    const server = http.createServer(() => requests++);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      const error = await fetchSafeToRepeat(url, { signal: AbortSignal.timeout(300) }).catch((caught: unknown) => caught);
      expect((error as Error).name).toBe("TimeoutError");
      expect(failedOnClosedConnection(error)).toBe(false);
      expect(requests).toBe(1);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("passes an answer through as it came, an error status included", async () => {
    const server = http.createServer((_, response) => {
      response.statusCode = 503;
      response.end("busy");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const response = await fetchSafeToRepeat(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      expect(response.status).toBe(503);
      expect(await response.text()).toBe("busy");
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
