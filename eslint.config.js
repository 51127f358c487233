import lwcConfig from '@salesforce/eslint-config-lwc';
import jestPlugin from 'eslint-plugin-jest';

export default [
  {
    // Lints the Lightning Web Components only; the plugin and scripts have their own TypeScript presets.
    ignores: ['**/*', '!force-app/', '!force-app/**/', '!force-app/**/lwc/**'],
  },
  ...lwcConfig.configs.recommended,
  {
    files: ['force-app/**/lwc/**/__tests__/**/*.js'],
    ...jestPlugin.configs['flat/recommended'],
    languageOptions: {
      globals: { ...jestPlugin.configs['flat/recommended'].languageOptions.globals, require: 'readonly' },
    },
    rules: {
      ...jestPlugin.configs['flat/recommended'].rules,
      // Tests drive wire adapters directly through emit() and error().
      '@lwc/lwc/no-unexpected-wire-adapter-usages': 'off',
    },
  },
];
