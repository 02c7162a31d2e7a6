// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import mocha from 'eslint-plugin-mocha';

// The members of Objection 3.1.5 that its typings leave out and the layer relies on.
const OBJECTION_PRIVATE_MEMBERS =
  '/^(hasOnBefore[123]|hasOnAfter[123]|hasOnRawResult|hasQueryExecutor|hasOnError|' +
  '_findOperationFactory|_explicitResolveValue|_explicitRejectValue|internalContext|' +
  'internalOptions|childQueryOf|omitImpl|joinTableExtras|joinTableModify|findOperation|' +
  'findLastOperation|forEachOperation|addOperation|replaceOperation|copyFrom|' +
  'getRelationMappings|getRelationNames|getTableName|getIdColumn|getColumnNameMappers|' +
  'getVirtualAttributes|getJsonAttributes|getJsonSchema|getValidator|isSelectAll|toFindQuery|' +
  'parentQuery|resultModelClass|tableNameFor|upsertOpt|upsertOptions|allowedGraphExpression|' +
  '_refs|propKey|isPlainColumnRef|onCreateQuery|ajvOptions|hasRelateProp|omitExtraProps|' +
  'createJoinModel|getJoinModelClass|joinTableBeforeInsert|\\$hasId|executeOnBuild|' +
  'executeOnBuildKnex|getConcurrency)$/';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Plain Node scripts that must run before anything is compiled (npm start's prestart).
    files: ['**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        process: 'readonly',
        console: 'readonly',
        __dirname: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['test/**/*.ts'],
    plugins: { mocha },
    rules: {
      'mocha/no-exclusive-tests': 'error',
    },
  },
  {
    // Only lib/objection/ knows Objection's private shapes; everything else reads its facts.
    files: ['lib/**/*.ts', 'http/**/*.ts'],
    ignores: ['lib/objection/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'db-errors',
              message:
                "Objection's error classes come through lib/objection/ (objection re-exports them).",
            },
          ],
          patterns: [
            {
              group: ['objection/lib/*', 'objection/lib/**'],
              message: "Objection's modules are reached from lib/objection/ only.",
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: `MemberExpression[property.name=${OBJECTION_PRIVATE_MEMBERS}]`,
          message: "A private member of Objection: read it through lib/objection/'s facts.",
        },
        {
          selector: `:matches(TSPropertySignature, TSMethodSignature)[key.name=${OBJECTION_PRIVATE_MEMBERS}]`,
          message: 'A private member of Objection: its shape is declared in lib/objection/ only.',
        },
        {
          selector: `:matches(MethodDefinition, PropertyDefinition)[key.name=${OBJECTION_PRIVATE_MEMBERS}]`,
          message:
            'An override of a private member of Objection: hook it in through lib/objection/ (see build-steps.ts).',
        },
        {
          selector: 'TSAsExpression > TSAsExpression > TSUnknownKeyword.typeAnnotation',
          message:
            'No `as unknown as`: type the value where it comes from, or say why in a disable comment.',
        },
      ],
    },
  },
  {
    // Every HTTP spec's responses are checked against the OpenAPI document by the `request` of
    // test/support/http.ts; only the check itself and its own spec use supertest directly.
    files: ['test/**/*.ts'],
    ignores: ['test/support/http.ts', 'test/http/openapi-contract.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'supertest',
              importNames: ['default'],
              message:
                'Use `request` from test/support/http.ts: it checks every response against the OpenAPI document.',
            },
          ],
        },
      ],
    },
  },
  {
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
);
