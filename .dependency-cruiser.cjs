// The layers (docs/architecture.md), as rules dependency-cruiser checks on every import, type-only
// imports included: `npm run lint` fails on the first edge against the direction.
//
//   src/core     pure: evidence in, verdict and plan out. Imports core, zod, saxes.
//   src/machine  the ports and their Windows and simulated twins. Imports core.
//   src/app      the use cases every shell shares. Imports core and machine.
//   src/cli, main/   thin shells. Import app, ipc and core; never machine (app opens the target).
//   src/ipc      the window's contract. Imports core only (the window loads it too).
//   renderer/    the window. Imports src/ipc and its own files, and React.
//   test/, scripts/  may import anything; nothing imports them.
//
// Paths are relative to the folder depcruise runs in, so test/lint/layers.test.ts can run this same
// file over a fixture tree with the same layout.
const { existsSync } = require('node:fs');

const LOCAL = '^(src|main|renderer|test|scripts)/';
// npm packages the pure layers may use: they do no I/O.
const PURE_PACKAGES = 'node_modules/(zod|saxes)/';
// The window's own packages: React, and Fluent UI (Microsoft's components and icons, issue 14).
const WINDOW_PACKAGES =
  'node_modules/(react|react-dom|scheduler|@fluentui/react-components|@fluentui/react-icons)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'core-no-node-builtins',
      comment:
        'src/core is pure: the file system, processes and the network belong to src/machine and src/app.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'core-imports-only-core',
      comment: 'src/core imports only src/core and the pure packages (zod, saxes).',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { dependencyTypesNot: ['core'], pathNot: ['^src/core/', PURE_PACKAGES] },
    },
    {
      name: 'machine-imports-core',
      comment: 'src/machine implements the ports over the core types; the use cases above it are src/app.',
      severity: 'error',
      from: { path: '^src/machine/' },
      to: { path: LOCAL, pathNot: '^src/(core|machine)/' },
    },
    {
      name: 'app-imports-core-and-machine',
      comment: 'src/app is shared by every shell, so it cannot lean on one of them.',
      severity: 'error',
      from: { path: '^src/app/' },
      to: { path: LOCAL, pathNot: '^src/(core|machine|app|ipc)/' },
      // The one exception: the service the window calls answers the IPC contract's verbs, so it names
      // their argument and result types. Types only: no channel, no schema, no Electron reaches src/app.
    },
    {
      name: 'app-uses-ipc-types-only',
      comment:
        "src/app may name the contract's types (the service answers its verbs), never import its code.",
      severity: 'error',
      from: { path: '^src/app/' },
      to: { path: '^src/ipc/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'shell-not-to-machine',
      comment: 'The CLI and the main process reach the machine through src/app, which opens the target.',
      severity: 'error',
      from: { path: '^(src/cli|main)/' },
      to: { path: '^src/machine/' },
    },
    {
      name: 'cli-imports-app-ipc-core',
      comment: 'src/cli keeps commander and printing; what the window also needs lives in src/app.',
      severity: 'error',
      from: { path: '^src/cli/' },
      to: { path: LOCAL, pathNot: '^src/(app|ipc|core|cli|machine)/' },
    },
    {
      name: 'main-imports-app-ipc-core',
      comment: 'main/ keeps Electron; what the CLI also needs lives in src/app.',
      severity: 'error',
      from: { path: '^main/' },
      to: { path: LOCAL, pathNot: ['^src/(app|ipc|core|machine)/', '^main/'] },
    },
    {
      name: 'ipc-imports-only-core',
      comment: 'src/ipc is loaded by the window too: core types and zod, nothing that does I/O.',
      severity: 'error',
      from: { path: '^src/ipc/' },
      to: { pathNot: ['^src/(core|ipc)/', PURE_PACKAGES] },
    },
    {
      name: 'renderer-imports-only-ipc',
      comment: 'The window talks to main through the contract only: src/ipc, its own files and React.',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { pathNot: ['^renderer/', '^src/ipc/', WINDOW_PACKAGES] },
    },
    {
      name: 'not-to-test',
      comment:
        'Tests and their fixtures are never part of what ships (scripts/ may reuse them: it ships nothing).',
      severity: 'error',
      from: { pathNot: '^(test|scripts)/' },
      to: { path: '^test/' },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import the cruiser cannot resolve would slip past every rule above.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'no-circular',
      comment: 'A cycle means two modules are one; split out what both need.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  required: [
    {
      name: 'not-in-a-layer',
      comment:
        'Every file under src/ belongs to one layer: src/core, src/machine, src/app, src/cli or src/ipc. ' +
        '(Written as a requirement no module can meet, so it flags each such module, imports or not.)',
      severity: 'error',
      module: { path: '^src/', pathNot: '^src/(core|machine|app|cli|ipc)/' },
      to: { path: '^$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|out|test/fixtures)/' },
    // Type-only imports count: a type from the wrong layer is still a dependency on it.
    tsPreCompilationDeps: true,
    ...(existsSync('tsconfig.json') ? { tsConfig: { fileName: 'tsconfig.json' } } : {}),
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
