// The tool's three LTI endpoints over real HTTP, served from a test's own
// database without Next: login initiation, the launch and the JWKS, calling
// the same lib/lti functions as the app's routes. Enough for the test
// platform (test/lti/platform) to launch Chainrule and to verify the client
// assertions Chainrule signs for AGS, in a jest test.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { Db } from "@/lib/db/client";
import { acceptLaunch } from "@/lib/lti/launch";
import { startLogin } from "@/lib/lti/login";
import { loginInitiationSchema } from "@/lib/lti/requests";
import { stateCookieName } from "@/lib/lti/state-cookie";
import { publishedToolKeys } from "@/lib/lti/tool-keys";

export interface ToolServer {
  origin: string;
  loginUrl: string;
  launchUrl: string;
  jwksUrl: string;
  close(): Promise<void>;
}

async function formOf(req: IncomingMessage): Promise<Record<string, string>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString("utf8")));
}

const cookiesOf = (req: IncomingMessage) =>
  Object.fromEntries(
    (req.headers.cookie ?? "")
      .split(";")
      .map((part) => part.trim().split("="))
      .filter((pair) => pair.length === 2),
  ) as Record<string, string>;

export async function startToolServer(db: Db): Promise<ToolServer> {
  const urls = { origin: "", loginUrl: "", launchUrl: "", jwksUrl: "" };
  const server: Server = createServer((req, res) => {
    void (async () => {
      try {
        const url = new URL(req.url ?? "/", urls.origin);
        if (url.pathname === "/api/lti/jwks") {
          res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(await publishedToolKeys(db)));
        } else if (url.pathname === "/api/lti/login") {
          const fields = req.method === "POST" ? await formOf(req) : Object.fromEntries(url.searchParams);
          const { location, state } = await startLogin(db, loginInitiationSchema.parse(fields), urls.launchUrl);
          res.writeHead(302, { location, "set-cookie": `${stateCookieName(state)}=${state}; Path=/api/lti; HttpOnly; SameSite=Lax` }).end();
        } else if (url.pathname === "/api/lti/launch" && req.method === "POST") {
          const form = await formOf(req);
          const result = await acceptLaunch(db, { idToken: form.id_token ?? null, state: form.state ?? null, cookies: cookiesOf(req) });
          res.writeHead(303, { location: result.landingPath }).end();
        } else res.writeHead(404).end();
      } catch (error) {
        res.writeHead(400, { "content-type": "text/plain" }).end(String((error as Error).message));
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  urls.origin = `http://127.0.0.1:${port}`;
  urls.loginUrl = `${urls.origin}/api/lti/login`;
  urls.launchUrl = `${urls.origin}/api/lti/launch`;
  urls.jwksUrl = `${urls.origin}/api/lti/jwks`;
  return {
    ...urls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
