// Lint rules. The interesting part is the platform fence (STYLE.md §5): only the
// composition root (src/cmd), the real runtime (src/oci) and the HTTP server may reach
// processes, sockets, timers or the wall clock. Everything else receives a Clock and the
// interfaces it needs, so its tests step a fake clock instead of sleeping.
import tseslint from "typescript-eslint";

const platformModules = [
  "child_process", "node:child_process", "net", "node:net", "http", "node:http",
  "https", "node:https", "http2", "node:http2", "dgram", "node:dgram", "tls", "node:tls",
  "timers", "node:timers", "timers/promises", "node:timers/promises", "cluster", "node:cluster",
  "worker_threads", "node:worker_threads",
];
const platformGlobals = [
  { name: "setTimeout", message: "Take a Clock (src/machinery/clock.ts) instead." },
  { name: "setInterval", message: "Take a Clock (src/machinery/clock.ts) instead." },
  { name: "setImmediate", message: "Take a Clock (src/machinery/clock.ts) instead." },
  { name: "clearTimeout", message: "Take a Clock (src/machinery/clock.ts) instead." },
  { name: "clearInterval", message: "Take a Clock (src/machinery/clock.ts) instead." },
  { name: "performance", message: "Take a Clock (src/machinery/clock.ts) instead." },
];
const platformSyntax = [
  { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: "Take a Clock instead of Date.now()." },
  { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: "Take a Clock instead of new Date()." },
  { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: "Take a random source instead of Math.random()." },
  { selector: "MemberExpression[object.name='process'][property.name='hrtime']", message: "Take a Clock instead of process.hrtime." },
];

export default tseslint.config(
  { ignores: ["node_modules/**", ".tools/**", ".pillion/**"] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-floating-promises": ["error", {
        allowForKnownSafeCalls: [{ from: "package", package: "node:test", name: ["test", "describe", "it", "suite", "before", "after", "beforeEach", "afterEach"] }],
      }],
      "@typescript-eslint/switch-exhaustiveness-check": ["error", { considerDefaultExhaustiveForUnions: true }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/require-await": "off",
      "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true, allowBoolean: true }],
    },
  },
  {
    // The core: no processes, sockets, timers, wall clock or randomness of its own.
    files: ["src/**/*.ts"],
    ignores: ["src/oci/**", "src/cmd/**", "src/apiserver/server/**", "src/client/http/**"],
    rules: {
      "no-restricted-imports": ["error", { paths: platformModules.map((name) => ({ name, message: "Only src/oci, src/cmd and src/apiserver/server may use the platform." })) }],
      "no-restricted-globals": ["error", ...platformGlobals],
      "no-restricted-syntax": ["error", ...platformSyntax],
    },
  },
  {
    files: ["eslint.config.js"],
    ...tseslint.configs.disableTypeChecked,
  },
);
