// ESLint flat config. `npm run lint` checks the whole tree; Prettier owns layout,
// so eslint-config-prettier comes last and turns off every rule about spacing.
import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";
import prettier from "eslint-config-prettier/flat";
import { importX } from "eslint-plugin-import-x";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import js from "@eslint/js";

// import-x's TypeScript settings (extensions and parser), with the v3 resolver interface instead of its legacy one.
const { "import-x/resolver": _legacyResolver, ...importXTypeScriptSettings } = importX.flatConfigs.typescript.settings;

export default defineConfig([
  globalIgnores([
    ".next/**",
    ".next-*/**",
    "node_modules/**",
    "lib/db/generated/**",
    ".tmp/**",
    "coverage/**",
    "test-results/**",
    "playwright-report/**",
    "backups/**",
    "data/**",
    "next-env.d.ts",
  ]),
  js.configs.recommended,
  ...nextVitals,
  ...nextTypescript,
  {
    rules: {
      // Next's TypeScript set lowers these two to warnings; a warning nobody fails on is noise, so they are errors here.
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_" }],
      "@typescript-eslint/no-unused-expressions": "error",
    },
  },
  // The few .js files are CommonJS, loaded by Node and Next before any TypeScript is compiled.
  {
    files: ["**/*.js", "**/*.cjs"],
    languageOptions: { sourceType: "commonjs" },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  // grader/ is pure TypeScript that runs under plain Node (the grading worker imports it):
  // no framework, database or web-app module may creep in, and its folders must not import in a loop.
  {
    files: ["grader/**/*.ts"],
    plugins: { "import-x": importX },
    settings: {
      ...importXTypeScriptSettings,
      "import-x/resolver-next": [createTypeScriptImportResolver({ project: "./tsconfig.json" })],
    },
    rules: {
      "import-x/no-cycle": "error",
      // The grader's folders are layered; a lower one never imports a higher one, so no two folders loop.
      "import-x/no-restricted-paths": [
        "error",
        {
          zones: [
            { target: "./grader/problems", from: ["./grader/authoring", "./grader/bank", "./grader/stored"] },
            { target: "./grader/authoring", from: ["./grader/bank", "./grader/stored"] },
            { target: "./grader/bank", from: ["./grader/stored"] },
            {
              target: ["./grader/autograd", "./grader/expr", "./grader/answers", "./grader/variant-tools"],
              from: ["./grader/problems", "./grader/authoring", "./grader/bank", "./grader/stored"],
            },
          ],
        },
      ],
      "no-restricted-imports": [
        "error",
        {
          paths: [{ name: "server-only", message: "grader/ runs outside Next.js; keep server-only in lib/." }],
          patterns: [
            { group: ["next", "next/*"], message: "grader/ is pure: no Next.js import." },
            { group: ["react", "react/*", "react-dom", "react-dom/*"], message: "grader/ is pure: no React import." },
            { group: ["@prisma/*"], message: "grader/ is pure: no Prisma import." },
            { group: ["@/lib", "@/lib/*", "**/lib/*"], message: "grader/ must not depend on the web app's lib/." },
            { group: ["@/app", "@/app/*"], message: "grader/ must not depend on the web app's app/." },
          ],
        },
      ],
    },
  },
  prettier,
]);
