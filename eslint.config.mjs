import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import jsxA11y from "eslint-plugin-jsx-a11y";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    files: ["**/*.tsx"],
    rules: jsxA11y.flatConfigs.recommended.rules,
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // One door to data: pages and components reach the database and MESH only through lib/mailboxes
    // (and lib/auth for the session), whose functions take a checked access object.
    files: ["app/**", "components/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^@/lib/(db|mesh)(/(?!errors$).*)?$",
              message: "Pages reach data through @/lib/mailboxes (and @/lib/auth); only @/lib/mesh/errors may be imported directly.",
            },
          ],
        },
      ],
    },
  },
  globalIgnores([
    ".next/**",
    "out/**",
    "build/**",
    "next-env.d.ts",
    "playwright-report/**",
    "test-results/**",
    "reports/**",
    "data/**",
    "drizzle/**",
    "services/mailbox/dist/**",
  ]),
]);
