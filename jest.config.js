// Jest through next/jest (SWC), so tests compile TypeScript exactly as the app does.
const nextJest = require("next/jest.js");

const createJestConfig = nextJest({ dir: "./" });

/** @type {import('jest').Config} */
const config = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts", "**/*.test.tsx"],
  testPathIgnorePatterns: ["/node_modules/", "<rootDir>/test/e2e/"],
  moduleNameMapper: {
    // "server-only" throws outside a React Server Component bundle; under jest
    // the modules are plain Node modules, which is what it guards.
    "^server-only$": "<rootDir>/test/support/empty-module.js",
    "^@/(.*)$": "<rootDir>/$1",
  },
  // Database suites create their own files and schemas; running them in a few
  // workers keeps the 2-core machines responsive.
  maxWorkers: process.env.CI ? 2 : "50%",
};

module.exports = createJestConfig(config);
