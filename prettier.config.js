import salesforce from '@salesforce/prettier-config';

/** Salesforce preset for TypeScript; the LWC side keeps lwc-recipes' four-space indent. */
export default {
  ...salesforce,
  overrides: [
    ...(salesforce.overrides ?? []),
    {
      files: ['force-app/**/lwc/**/*.{js,html,css,json}'],
      options: { tabWidth: 4, trailingComma: 'none' },
    },
    {
      // Prettier's HTML parser would quote `{binding}` attributes and break the templates.
      files: ['force-app/**/lwc/**/*.html'],
      options: { parser: 'lwc' },
    },
  ],
};
