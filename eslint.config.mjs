// ESLint for every source file: JavaScript's and typescript-eslint's type-checked recommended rules,
// the hooks rules for the window, and the two import rules ESLint sees best. The layers themselves
// (who may import whom, no cycles) are dependency-cruiser's: .dependency-cruiser.cjs.
// Prettier owns formatting, so eslint-config-prettier comes last and turns off whatever would fight it.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

// The window reaches main only through the contract's named verbs: preload.ts exposes them,
// ipc-handlers.ts answers them (sender check, zod both ways). A raw ipcRenderer/ipcMain anywhere
// else would be a channel that skips both.
const IPC_WRAPPERS = ['main/preload.ts', 'main/ipc-handlers.ts'];
const RAW_IPC = {
  name: 'electron',
  importNames: ['ipcRenderer', 'ipcMain'],
  message:
    'Raw IPC lives only in main/preload.ts and main/ipc-handlers.ts; add a verb to src/ipc/contract.ts.',
};

// The core decides from evidence it is handed: no file system, no process, no Electron, no registry.
const CORE_NO_IO = {
  paths: [
    RAW_IPC,
    { name: 'electron', message: 'src/core is pure: Electron belongs to main/.' },
    { name: 'native-reg', message: 'src/core is pure: the registry is a port in src/machine.' },
    ...builtinModules
      .filter((m) => !m.startsWith('_'))
      .map((name) => ({ name, message: 'src/core is pure: I/O belongs to src/machine or src/app.' })),
  ],
  patterns: [{ group: ['node:*'], message: 'src/core is pure: I/O belongs to src/machine or src/app.' }],
};

// The Electron main process answers IPC on the same thread that would wait for secedit or gpresult
// (seconds to minutes on a domain member): the tools run through the asynchronous runner only.
const NO_BLOCKING_SPAWN = {
  paths: [
    RAW_IPC,
    ...['child_process', 'node:child_process'].map((name) => ({
      name,
      importNames: ['spawnSync', 'execFileSync', 'execSync'],
      message: 'Run tools through src/machine/windows/process-runner.ts, which never blocks the event loop.',
    })),
  ],
};

export default defineConfig([
  globalIgnores([
    'dist/',
    'out/',
    'test-output/',
    '.cache/',
    // Deliberate layer violations that test/lint/layers.test.ts lints and cruises on purpose.
    'test/fixtures/layers/',
  ]),
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  {
    files: ['**/*.{ts,tsx,mts,cts,js,mjs,cjs}'],
    extends: [js.configs.recommended, tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      ecmaVersion: 2022,
      parserOptions: {
        // tsconfig.json covers src, main, renderer, scripts and test (allowJs for the .mjs/.cjs/.js
        // there); the files at the top and in bin/ fall back to the default project.
        projectService: { allowDefaultProject: ['*.mjs', '*.cjs', 'bin/*.cjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      'no-restricted-imports': ['error', { paths: [RAW_IPC] }],
      // node:test's describe/it return a promise the runner itself awaits; awaiting it again would
      // only serialise suites the runner already orders.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['describe', 'suite', 'it', 'test'] },
          ],
        },
      ],
      // `_` marks a parameter kept for its position; tsc's noUnusedLocals checks the rest too.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Everything but the window runs in Node; the window gets the browser's globals only.
    ignores: ['renderer/**'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['**/*.cjs', 'test/wine/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Plain JavaScript (build scripts, the bin shim, the Wine driver) is not type-checked (no checkJs),
    // so every parameter and parsed value is `any` by construction: the no-unsafe-* rules would report
    // the absence of annotations, not a bug. The other type-aware rules still run on inferred types.
    files: ['**/*.{js,mjs,cjs}'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    files: IPC_WRAPPERS,
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['src/core/**'],
    rules: { 'no-restricted-imports': ['error', CORE_NO_IO] },
  },
  {
    files: ['src/machine/**', 'src/app/**'],
    rules: { 'no-restricted-imports': ['error', NO_BLOCKING_SPAWN] },
  },
  {
    files: ['renderer/**'],
    extends: [reactHooks.configs.flat.recommended],
    languageOptions: { globals: globals.browser },
  },
  prettier,
]);
