// No secrets in the repository: every tracked file is searched for the shapes
// credentials take. Tests and scripts sign their own sessions with made-up
// secrets named as such ("…-secret-0123…"), which are not credentials.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..");
const tracked = execFileSync("git", ["ls-files", "-z"], { cwd: ROOT, encoding: "utf8" }).split("\0").filter(Boolean);

const SECRET_SHAPES: { name: string; pattern: RegExp }[] = [
  { name: "a private key", pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
  { name: "an AWS access key", pattern: /\bAKIA[0-9A-Z]{16}\b/ },
  { name: "a GitHub token", pattern: /\bgh[pousr]_[A-Za-z0-9]{30,}\b/ },
  { name: "an npm token", pattern: /\bnpm_[A-Za-z0-9]{30,}\b/ },
  { name: "a Slack token", pattern: /\bxox[abpr]-[A-Za-z0-9-]{10,}/ },
  // A password in a connection string; the documented placeholder USER:PASSWORD is allowed.
  { name: "a database password", pattern: /\b(postgres(?:ql)?|mysql|mariadb|redis|amqp):\/\/(?!USER:PASSWORD@)[^\s/:@"'`]+:[^\s@"'`]+@/ },
];

describe("the repository", () => {
  it("tracks no .env file (only .env.example)", () => {
    expect(tracked.filter((file) => /(^|\/)\.env(\.|$)/.test(file) && !file.endsWith(".env.example"))).toEqual([]);
  });

  it("holds no credential in any tracked file", () => {
    const found: string[] = [];
    for (const file of tracked) {
      let text: string;
      try {
        text = readFileSync(path.join(ROOT, file), "utf8");
      } catch {
        continue; // deleted in the working tree
      }
      for (const { name, pattern } of SECRET_SHAPES) if (pattern.test(text)) found.push(`${file}: ${name}`);
    }
    expect(found).toEqual([]);
  });

  it("finds each shape when it is there", () => {
    // Written in pieces, so that this file does not itself hold the shapes.
    const samples = [
      "-----BEGIN RSA PRIVATE " + "KEY-----",
      "AKIA" + "ABCDEFGHIJKLMNOP",
      `ghp_${"a".repeat(36)}`,
      `npm_${"b".repeat(36)}`,
      "xoxb" + "-1234567890-abcdef",
      "postgresql://chainrule:" + "hunter2@db.example.org:5432/chainrule",
    ];
    samples.forEach((sample, i) => expect(SECRET_SHAPES[i].pattern.test(sample)).toBe(true));
    expect(SECRET_SHAPES[5].pattern.test("postgresql://USER:PASSWORD@HOST:5432/DATABASE")).toBe(false);
    expect(SECRET_SHAPES[5].pattern.test("postgresql://postgres@127.0.0.1:5432/test")).toBe(false);
  });
});
