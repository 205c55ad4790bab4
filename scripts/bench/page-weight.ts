/**
 * The JavaScript a page sends, gzipped: `npx tsx --conditions=react-server scripts/bench/page-weight.ts
 * [--slug zero-init | --path /assessments/…/problems/nn-backprop] [--port 3291]`.
 * `--slug` picks a problem of the demo assessment (default nn-backprop; zero-init is the one with the plot).
 * Starts the production build (NEXT_DIST_DIR honoured) on a fresh SQLite
 * database with the demo course, signs the demo student in with a minted
 * session, loads the page's HTML and every script it references, and prints
 * JSON: per script its raw and gzipped bytes, and the totals. Run after
 * `npx next build`.
 */
import { spawn } from "node:child_process";
import { gzipSync } from "node:zlib";
import path from "node:path";
import { encode } from "next-auth/jwt";
import { createDb } from "../../lib/db/client";
import { seedDemo, DEMO_COURSE_SLUG } from "../../lib/seed/seed-demo";
import { createEmptyTarget, prismaCli } from "../../test/harness/test-database";
import { numericArgument, textArgument } from "../../test/harness/arguments";

const ROOT = path.resolve(__dirname, "..", "..");
const SECRET = "page-weight-secret-0123456789abcdefghijklmnopqrst";
const port = numericArgument("--port", 3291);

async function main() {
  const { target, drop } = await createEmptyTarget("sqlite");
  await prismaCli(target, ["migrate", "deploy"]);
  const db = createDb(target);
  await seedDemo(db);
  const course = await db.course.findUniqueOrThrow({ where: { slug: DEMO_COURSE_SLUG }, include: { assessments: true } });
  const student = await db.user.findUniqueOrThrow({ where: { email: "student@chainrule.test" } });
  await db.$disconnect();
  const slug = textArgument("--slug", "nn-backprop");
  const pagePath = textArgument("--path", `/assessments/${course.assessments[0].id}/problems/${slug}`);
  const cookie = `next-auth.session-token=${await encode({
    secret: SECRET,
    token: {
      sub: student.id,
      userId: student.id,
      email: student.email,
      name: student.name,
      memberships: [{ courseId: course.id, role: "STUDENT" }],
      membershipsReadAt: Date.now(),
    },
  })}`;
  const server = spawn(
    process.execPath,
    [path.join(ROOT, "node_modules", "next", "dist", "bin", "next"), "start", "-p", String(port), "-H", "127.0.0.1"],
    {
      cwd: ROOT,
      detached: true,
      stdio: "ignore",
      env: {
        ...process.env,
        NODE_ENV: "production",
        DATABASE_PROVIDER: "sqlite",
        DATABASE_URL: target.url,
        NEXTAUTH_SECRET: SECRET,
        NEXTAUTH_URL: `http://127.0.0.1:${port}`,
      },
    },
  );
  try {
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${base}/api/health`)).ok) break;
      } catch {
        // not up yet
      }
      if (i > 120) throw new Error("the server did not start");
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const html = await (await fetch(`${base}${pagePath}`, { headers: { cookie } })).text();
    const scripts = [...new Set([...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((match) => match[1]))];
    const rows: { src: string; bytes: number; gzipBytes: number }[] = [];
    for (const src of scripts) {
      const body = Buffer.from(await (await fetch(new URL(src, base))).arrayBuffer());
      rows.push({ src, bytes: body.length, gzipBytes: gzipSync(body, { level: 9 }).length });
    }
    rows.sort((a, b) => b.gzipBytes - a.gzipBytes);
    const total = (key: "bytes" | "gzipBytes") => rows.reduce((sum, row) => sum + row[key], 0);
    console.log(
      JSON.stringify(
        {
          page: pagePath.replace(/\/assessments\/[^/]+/, "/assessments/:id"),
          scripts: rows.length,
          bytes: total("bytes"),
          gzipBytes: total("gzipBytes"),
          htmlGzipBytes: gzipSync(html, { level: 9 }).length,
          largest: rows.slice(0, 8),
        },
        null,
        2,
      ),
    );
  } finally {
    if (server.pid) process.kill(-server.pid, "SIGINT");
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
