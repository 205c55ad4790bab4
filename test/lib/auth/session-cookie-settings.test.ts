import { sessionCookieSettings } from "@/lib/auth/session-cookie-settings";

describe("sessionCookieSettings", () => {
  it("is SameSite=None, Secure and __Secure- prefixed under https, so that it reaches Chainrule inside an LMS's cross-site iframe", () => {
    expect(sessionCookieSettings("https://chainrule.example.edu")).toEqual({
      name: "__Secure-next-auth.session-token",
      options: { httpOnly: true, sameSite: "none", path: "/", secure: true },
    });
  });

  it("stays SameSite=Lax without Secure over plain http, where browsers would drop SameSite=None", () => {
    expect(sessionCookieSettings("http://127.0.0.1:3000")).toEqual({
      name: "next-auth.session-token",
      options: { httpOnly: true, sameSite: "lax", path: "/", secure: false },
    });
  });
});
