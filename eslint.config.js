// The codebase's shape, held by a tool (issue 10; docs/decisions/0017-lint-and-format.md).
// Type-aware TypeScript rules over server, contract, web, e2e and bench; React hooks and jsx-a11y on
// the web; the architecture's boundaries (decision 0001) as import and syntax rules per layer.
import js from '@eslint/js';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Kysely's builders and raw SQL through its `sql` tag: the database, which only repositories touch. */
const SQL = [
  {
    selector: 'CallExpression[callee.property.name=/^(selectFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto)$/]',
    message: 'SQL belongs in a *.repository.ts (routes parse, authorise and delegate; services hold use cases).',
  },
  {
    selector: "TaggedTemplateExpression[tag.name='sql'], TaggedTemplateExpression[tag.callee.name='sql'], TaggedTemplateExpression[tag.object.name='sql']",
    message: 'SQL belongs in a *.repository.ts (routes parse, authorise and delegate; services hold use cases).',
  },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '**/*.d.ts', 'web/dist/**', 'docs/**', '.*/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.js', '*.mjs', 'scripts/*.mjs'] }, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // promises are awaited or deliberately let go with `void`
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false, arguments: false } }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      // Fastify handlers are async by contract; a handler that does not await is still fine
      '@typescript-eslint/require-await': 'off',
      // JSON from the database and the wire is typed at the boundary (Zod); inside, these add noise
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true, allowNullish: true }],
      // Kysely's expression builder is destructured by design (`({ eb, exists }) => …`)
      '@typescript-eslint/unbound-method': 'off',
      // full-width spaces (U+3000) belong in Chinese text and comments
      'no-irregular-whitespace': ['error', { skipStrings: true, skipComments: true, skipTemplates: true, skipRegExps: true }],
      'no-restricted-syntax': ['error', { selector: 'TSEnumDeclaration', message: 'Use a const array and a union type (contract/enums.ts style).' }],
    },
  },
  // ---- the layers (decision 0001) -------------------------------------------------------------
  {
    // workflow/: pure rules — only workflow/ and contract/, no clock reads
    files: ['server/src/workflow/**/*.ts'],
    ignores: ['server/src/workflow/**/*.test.ts', 'server/src/workflow/test-fixtures.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^(?!\\.)', message: 'workflow/ stays pure: it imports only workflow/ and contract/.' },
            { regex: '^\\.\\./(?!\\.\\./\\.\\./contract/)', message: 'workflow/ imports only workflow/ and contract/.' },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'workflow/ must not read the clock (use the injected `now`).' },
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'workflow/ must not read the clock (use the injected `now`).',
        },
      ],
    },
  },
  {
    // platform/ never reaches up into modules/
    files: ['server/src/platform/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/modules/**'], message: 'platform/ must not import modules/.' }] }] },
  },
  {
    // contract/: zod and itself
    files: ['contract/**/*.ts'],
    ignores: ['contract/**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '^(?!\\.|zod$)', message: 'contract/ may import only zod and itself.' }] }] },
  },
  {
    // modules/: SQL only in repositories; another module's repository is private to it
    files: ['server/src/modules/**/*.ts'],
    ignores: ['server/src/modules/**/*.repository.ts', 'server/src/modules/**/*.test.ts'],
    rules: { 'no-restricted-syntax': ['error', ...SQL] },
  },
  {
    files: ['server/src/modules/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^\\.\\./[^/]+/[^/]+\\.repository\\.js$', message: "Another module's repository is private to it: use its service." }] },
      ],
    },
  },
  // ---- the web ----------------------------------------------------------------------------------
  {
    files: ['web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks, 'jsx-a11y': jsxA11y },
    rules: {
      // the rules of hooks; the React Compiler's extra rules (purity, refs, set-state-in-effect, …) are
      // for code the compiler rewrites — this app does not use it (decision 0017)
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      ...jsxA11y.flatConfigs.recommended.rules,
      // autoFocus on the one field of a single-purpose form (sign-in, reset) is what people expect; on
      // our own DOM elements it stays refused
      'jsx-a11y/no-autofocus': ['error', { ignoreNonDOM: true }],
      // a scrollable region must take focus so keyboards can scroll it (axe: scrollable-region-focusable)
      'jsx-a11y/no-noninteractive-tabindex': ['error', { roles: ['region'] }],
      // the web reaches the server only over HTTP
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^(\\.\\./)+server/', message: 'The web talks to the server over HTTP; shared shapes live in contract/.' }] },
      ],
    },
  },
  // ---- tests, scripts, benchmarks ----------------------------------------------------------------
  {
    files: [
      '**/*.test.ts',
      'e2e/**/*.ts',
      'bench/**/*.ts',
      'server/src/test-support/**/*.ts',
      'server/src/journeys/**/*.ts',
      'server/src/bootstrap/journey.ts',
    ],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
      // `(await c.get(…)).json() as T` reads well in a test; the generic form adds nothing there
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
