module.exports = {
  extends: ['eslint-config-salesforce-typescript', 'plugin:sf-plugin/recommended'],
  root: true,
  parserOptions: {
    project: './tsconfig.json',
    tsconfigRootDir: __dirname,
  },
  rules: {
    header: 'off',
    // Salesforce API names (Account__c, Account__r, Risk_Factor__mdt, sf__Id) are the contract with the org.
    camelcase: ['error', { properties: 'never', allow: ['__c$', '__r$', '__mdt$', '^sf__'] }],
  },
};
