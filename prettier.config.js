import salesforce from '@salesforce/prettier-config';

/** Salesforce preset for TypeScript; the LWC side keeps lwc-recipes' four-space indent. */
export default {
  ...salesforce,
  overrides: [
    ...(salesforce.overrides ?? []),
    {
      files: ['force-app/**/lwc/**/*.{js,html,css}'],
      options: { tabWidth: 4, trailingComma: 'none' },
    },
  ],
};
