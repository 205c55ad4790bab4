/**
 * A small browser stand-in for launches over HTTP: a cookie jar keyed by host
 * (browsers ignore the port, so the tool's and the platform's cookies on
 * 127.0.0.1 share it, as in Chromium), no automatic redirects, and the
 * auto-submitting forms of a launch submitted as a browser would.
 */
import { parseAutoSubmitForm, type HtmlForm } from "./html";
import type { TestPlatform } from "./platform";

export class UserAgent {
  private readonly jar = new Map<string, Map<string, string>>();

  setCookie(url: string, cookie: string) {
    const host = new URL(url).hostname;
    const [pair] = cookie.split(";");
    const eq = pair.indexOf("=");
    if (!this.jar.has(host)) this.jar.set(host, new Map());
    this.jar.get(host)!.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
  }

  cookieHeader(url: string): string {
    return [...(this.jar.get(new URL(url).hostname) ?? new Map<string, string>()).entries()]
      .map(([name, value]) => `${name}=${value}`)
      .join("; ");
  }

  async fetch(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
    const headers: Record<string, string> = {};
    const cookie = this.cookieHeader(url);
    if (cookie) headers.cookie = cookie;
    let body: string | undefined;
    if (init.form) {
      headers["content-type"] = "application/x-www-form-urlencoded";
      body = new URLSearchParams(init.form).toString();
    }
    const response = await fetch(url, { method: init.method ?? (body ? "POST" : "GET"), headers, body, redirect: "manual" });
    for (const setCookie of response.headers.getSetCookie()) this.setCookie(url, setCookie);
    return response;
  }

  /** Follows redirects (as GET) from `response` and returns the first non-redirect answer. */
  async follow(response: Response, from: string): Promise<{ response: Response; url: string }> {
    let url = from;
    for (let hops = 0; response.status >= 300 && response.status < 400; hops++) {
      if (hops > 10) throw new Error("more than 10 redirects");
      url = new URL(response.headers.get("location")!, url).toString();
      response = await this.fetch(url);
    }
    return { response, url };
  }

  submit(form: HtmlForm): Promise<Response> {
    if (form.method === "GET") {
      const url = new URL(form.action);
      for (const [name, value] of Object.entries(form.fields)) url.searchParams.set(name, value);
      return this.fetch(url.toString());
    }
    return this.fetch(form.action, { method: "POST", form: form.fields });
  }
}

export interface HttpLaunch {
  /** The tool's answer to the authentication response (not followed: a 303 on success, an error page on refusal). */
  response: Response;
  agent: UserAgent;
  /** The fields the platform form-posted to the tool's redirect URI. */
  posted: Record<string, string>;
}

/**
 * The whole launch as a browser runs it in the iframe: login initiation to
 * the tool, the tool's redirect to /auth, and the platform's form post of
 * id_token and state back to the tool.
 */
export async function launchOverHttp(
  platform: TestPlatform,
  args: { context: { id: string }; user: { id: string }; resourceLink?: { id: string }; agent?: UserAgent },
): Promise<HttpLaunch> {
  const agent = args.agent ?? new UserAgent();
  const initiation = await platform.initiateLogin(args);
  agent.setCookie(platform.origin, initiation.sessionCookie);
  const toLogin = await agent.submit({ action: initiation.loginUrl, method: "POST", fields: initiation.params });
  const { response: authPage } = await agent.follow(toLogin, initiation.loginUrl);
  if (authPage.status !== 200) throw new Error(`the platform's /auth answered ${authPage.status}: ${await authPage.text()}`);
  const form = parseAutoSubmitForm(await authPage.text());
  return { response: await agent.submit(form), agent, posted: form.fields };
}
