const { securityHeaders, DENY_FRAMING } = require("./lib/http/security-headers.js");

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and engine packages stay outside the server bundle and load from
  // node_modules at run time.
  // piscina starts its worker threads from its own files (lib/grading).
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "pg", "@prisma/adapter-pg", "bcryptjs", "piscina"],
  // A separate build folder lets two builds run side by side (NEXT_DIST_DIR=.next-e2e).
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  reactStrictMode: true,
  async headers() {
    const headers = securityHeaders({
      production: process.env.NODE_ENV === "production",
      https: (process.env.NEXTAUTH_URL ?? "").startsWith("https://"),
    });
    const policy = headers.filter((header) => header.key === "Content-Security-Policy");
    const others = headers.filter((header) => header.key !== "Content-Security-Policy");
    return [
      { source: "/:path*", headers: others },
      // The LTI routes set their own policy (lib/lti/lti-route.ts): an LMS frames their answers,
      // and a header set here would replace a route handler's.
      { source: "/:path((?!api/lti/).*)", headers: policy },
      // The API is never framed, except the LTI launch's answer.
      { source: "/api/:path((?!lti/).*)", headers: [DENY_FRAMING] },
    ];
  },
};

module.exports = nextConfig;
