// Import boundaries of src/: `npm run check:boundaries`. docs/development.md says why each rule exists.
// Every import counts, type-only and dynamic ones included (tsPreCompilationDeps keeps `import type` edges).

/** Node's built-in modules (node:fs, fs, ...): dependency-cruiser calls them `core`. */
const BUILTIN = ['core'];
/** Packages from node_modules, whichever package.json section (if any) lists them. */
const NPM = ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-bundled', 'npm-no-pkg', 'npm-unknown'];
/** Files that run in Node, never in the browser bundle, though they sit in src/web or src/shared. */
const NOT_BUNDLED = ['\\.test\\.tsx?$', '^src/web/vite\\.config\\.ts$'];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycles anywhere in src/ (type-only imports count too): a cycle makes load order and ownership unclear.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'core-db-config-not-to-features',
      severity: 'error',
      comment:
        'src/server/core, src/server/db and src/server/config are the foundation the features build on; they never import a feature. ' +
        '(src/server/db/repos.ts, the registry of stores, is governed by repos-only-to-feature-stores; the store contract suites in ' +
        'src/server/db/contract/ test the feature stores and so import them.)',
      from: { path: '^src/server/(core|db|config)/', pathNot: ['^src/server/db/repos\\.ts$', '^src/server/db/contract/'] },
      to: { path: '^src/server/features/' },
    },
    {
      name: 'repos-only-to-feature-stores',
      severity: 'error',
      comment: 'src/server/db/repos.ts, the one registry of stores, may import the stores of features (store.ts, *-store.ts) and nothing else of them.',
      from: { path: '^src/server/db/repos\\.ts$' },
      to: { path: '^src/server/features/', pathNot: '^src/server/features/.+/(?:store|[^/]+-store)\\.ts$' },
    },
    {
      name: 'migrations-not-to-features',
      severity: 'error',
      comment: 'A migration is frozen in time: it must not change when feature code changes, so it imports nothing from src/server/features.',
      from: { path: '^src/server/db/migrations/' },
      to: { path: '^src/server/features/' },
    },
    {
      name: 'features-not-to-http',
      severity: 'error',
      comment: "Feature logic does not know about HTTP. Only a feature's route files (routes.ts, *-routes.ts) may import src/server/http.",
      // Tests and their fixtures drive the routes through the real HTTP layer.
      from: { path: '^src/server/features/', pathNot: ['(?:^|/)(?:routes|[^/]+-routes)\\.ts$', '\\.(?:test|fixture)\\.ts$'] },
      to: { path: '^src/server/http/' },
    },
    {
      name: 'web-only-web-shared-npm',
      severity: 'error',
      comment: 'The web app is a separate browser bundle: it imports src/web, src/shared and npm packages only, never server or CLI code.',
      from: { path: '^src/web/' },
      to: { pathNot: '^src/(?:web|shared)/', dependencyTypesNot: [...NPM, ...BUILTIN] },
    },
    {
      name: 'web-no-node-builtins',
      severity: 'error',
      comment: 'The web app runs in the browser: no Node built-in modules (its tests and vite.config.ts run in Node and may).',
      from: { path: '^src/web/', pathNot: NOT_BUNDLED },
      to: { dependencyTypes: BUILTIN },
    },
    {
      name: 'shared-imports-only-shared',
      severity: 'error',
      comment: 'src/shared is used by the server, the CLI and the browser bundle alike, so it depends on none of them.',
      from: { path: '^src/shared/' },
      to: { path: '^(?:src/(?:server|web|cli)|e2e|bench|scripts)/' },
    },
    {
      name: 'shared-no-node-builtins',
      severity: 'error',
      comment: 'src/shared is bundled into the browser: no Node built-in modules (its tests run in Node and may).',
      from: { path: '^src/shared/', pathNot: NOT_BUNDLED },
      to: { dependencyTypes: BUILTIN },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'Every import must resolve; an import the checker cannot follow would slip past all the rules above.',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^src/server/features/policy/banned/data/' },
    // Keep type-only imports in the graph: they count for boundaries and cycles.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // Resolve the way TypeScript and Vite do (dependency-cruiser itself maps `./x.js` to x.ts).
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.d.ts', '.js', '.mjs', '.cjs', '.json'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    skipAnalysisNotInRules: true,
  },
};
