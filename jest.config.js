// Jest through next/jest (SWC), so tests compile TypeScript exactly as the app does.
const nextJest = require("next/jest.js");

const createJestConfig = nextJest({ dir: "./" });

/** @type {import('jest').Config} */
const config = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts", "**/*.test.tsx"],
  testPathIgnorePatterns: ["/node_modules/", "<rootDir>/test/e2e/"],
  // Stops what a suite left running (the grading pool's threads), so that workers exit.
  setupFilesAfterEnv: ["<rootDir>/test/support/close-open-handles.ts"],
  moduleNameMapper: {
    // "server-only" throws outside a React Server Component bundle; under jest
    // the modules are plain Node modules, which is what it guards.
    "^server-only$": "<rootDir>/test/support/empty-module.js",
    "^@/(.*)$": "<rootDir>/$1",
  },
  // Database suites create their own files and schemas; running them in a few
  // workers keeps the 2-core machines responsive.
  maxWorkers: process.env.CI ? 2 : "50%",
  // A ceiling, not a measure: a data-layer test that takes 2 s on a quiet
  // machine took over 5 s (jest's default) on a loaded one, whose speed
  // varies by 3×. Performance is judged by the benchmark scripts.
  testTimeout: 30_000,
};

// The Markdown pipeline (unified, remark, rehype, micromark and their small
// helpers) ships only ES modules, which jest's CommonJS runtime cannot load
// untransformed; next/jest transforms nothing in node_modules by default.
const ESM_PACKAGES = [
  "@ungap/structured-clone",
  "bail",
  "ccount",
  "character-entities[^/]*",
  "comma-separated-tokens",
  "decode-named-character-reference",
  "devlop",
  "hast-util-[^/]+",
  "html-void-elements",
  "is-plain-obj",
  "longest-streak",
  "mdast-util-[^/]+",
  "micromark",
  "micromark-[^/]+",
  "property-information",
  "rehype-[^/]+",
  "remark-[^/]+",
  "space-separated-tokens",
  "stringify-entities",
  "trim-lines",
  "trough",
  "unified",
  "unist-util-[^/]+",
  "vfile",
  "vfile-message",
  "zwitch",
];

module.exports = async () => {
  const resolved = await createJestConfig(config)();
  resolved.transformIgnorePatterns = [`/node_modules/(?!(${ESM_PACKAGES.join("|")})/)`, "^.+\\.module\\.(css|sass|scss)$"];
  return resolved;
};
