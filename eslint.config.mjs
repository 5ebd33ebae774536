// ESLint with typescript-eslint. The layering rules keep the architecture honest: the renderer never imports
// Electron, Node or ipcRenderer (it only has window.deis through bridge.ts); src/shared imports nothing but zod;
// only main's index.ts, window.ts and ipc.ts import electron.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'crypto', 'http', 'https', 'net', 'tls', 'url', 'util', 'stream', 'events', 'module'];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'test/controller/**/*.py', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: 'readonly', process: 'readonly', __dirname: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', Buffer: 'readonly', URL: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly', fetch: 'readonly', window: 'readonly', document: 'readonly', TextDecoderStream: 'readonly', navigator: 'readonly', performance: 'readonly', structuredClone: 'readonly', queueMicrotask: 'readonly', Blob: 'readonly', globalThis: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-empty-pattern': 'off',
      'no-console': 'off',
      eqeqeq: ['error', 'smart'],
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'react-hooks/set-state-in-effect': 'off',
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'The renderer never imports Electron: use bridge.ts (window.deis).' },
            ...nodeBuiltins.filter((n) => !n.includes('*')).map((name) => ({ name, message: 'No Node modules in the renderer.' })),
          ],
          patterns: [
            { group: ['node:*'], message: 'No Node modules in the renderer.' },
            { group: ['**/main/**', '**/preload/**'], message: 'The renderer talks to main only through window.deis.' },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "Identifier[name='ipcRenderer']", message: 'The renderer never touches ipcRenderer: use bridge.ts.' },
        { selector: "MemberExpression[object.name='window'][property.name='deis']", message: 'Only bridge.ts touches window.deis.' },
      ],
    },
  },
  {
    files: ['src/renderer/bridge.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['electron', 'react', 'react-dom', 'zustand', 'axios', 'keytar', 'ssh2', 'node:*', '**/main/**', '**/renderer/**', '**/preload/**'],
              message: 'src/shared depends on nothing but zod.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/main/**/*.ts'],
    ignores: ['src/main/index.ts', 'src/main/window.ts', 'src/main/ipc.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', allowTypeImports: true, message: 'Only index.ts, window.ts and ipc.ts import electron; services run under plain Node.' }] },
      ],
    },
  },
);
