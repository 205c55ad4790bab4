// The tool's LTI endpoints over real HTTP for jest, without a Next build:
// login initiation, launch and JWKS call the same lib/lti functions the
// app/api/lti routes call, on a free port of 127.0.0.1, so that the test LMS
// (test/lti/platform) can run whole launches and verify the tool's signed
// answers against its published keys. Browser tests use the real routes.
import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Db } from "@/lib/db/client";
import { acceptLaunch } from "@/lib/lti/launch";
import { LtiRefusal } from "@/lib/lti/launch-errors";
import { createPlatform } from "@/lib/lti/platforms";
import { platformRegistrationSchema } from "@/lib/lti/requests";
import type { TestPlatform } from "../lti/platform";
import { startLogin } from "@/lib/lti/login";
import { loginInitiationSchema } from "@/lib/lti/requests";
import { stateCookieName } from "@/lib/lti/state-cookie";
import { publishedToolKeys } from "@/lib/lti/tool-keys";
import { cookies, readParams, send, sendJson } from "../lti/platform/http";

export interface ToolServer {
  origin: string;
  loginUrl: string;
  launchUrl: string;
  jwksUrl: string;
  close(): Promise<void>;
}

export async function startToolServer(db: Db): Promise<ToolServer> {
  const urls = { origin: "", loginUrl: "", launchUrl: "", jwksUrl: "" };
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", urls.origin);
    try {
      if (url.pathname === "/api/lti/jwks") return sendJson(res, 200, await publishedToolKeys(db));
      const params = await readParams(req, url);
      if (url.pathname === "/api/lti/login") {
        const { location, state } = await startLogin(db, loginInitiationSchema.parse(params), urls.launchUrl);
        res.writeHead(302, { location, "set-cookie": `${stateCookieName(state)}=${state}; Path=/; HttpOnly` });
        return res.end();
      }
      if (url.pathname === "/api/lti/launch") {
        const result = await acceptLaunch(db, { idToken: params.id_token ?? null, state: params.state ?? null, cookies: cookies(req) });
        res.writeHead(303, { location: new URL(result.landingPath, urls.origin).toString(), "x-user-id": result.user.id });
        return res.end();
      }
      send(res, 404, "not found", "text/plain");
    } catch (error) {
      if (error instanceof LtiRefusal) return send(res, error.status, error.code, "text/plain", { "x-lti-error": error.code });
      send(res, 500, String(error), "text/plain");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  urls.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  Object.assign(urls, {
    loginUrl: `${urls.origin}/api/lti/login`,
    launchUrl: `${urls.origin}/api/lti/launch`,
    jwksUrl: `${urls.origin}/api/lti/jwks`,
  });
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      // Idle keep-alive sockets (the platform's fetches) would hold close() open, and the worker, for seconds.
      server.closeAllConnections();
    });
  return { ...urls, close };
}

/** Registers the test LMS with its one deployment, as a site admin does on /author/lti (lib/lti/platforms.ts). */
export async function registerTestPlatform(db: Db, platform: TestPlatform) {
  const admin = await db.user.create({
    data: { email: `admin-${randomUUID()}@x.test`, name: "Admin", passwordHash: "", isAdmin: true },
  });
  return createPlatform(
    db,
    { user: { id: admin.id, email: admin.email, name: admin.name, memberships: [] }, isAdmin: true },
    platformRegistrationSchema.parse({
      name: "Test LMS",
      issuer: platform.issuer,
      clientId: platform.clientId,
      authLoginUrl: platform.authUrl,
      accessTokenUrl: platform.tokenUrl,
      jwksUrl: platform.jwksUrl,
      deploymentIds: [platform.deploymentId],
    }),
  );
}
