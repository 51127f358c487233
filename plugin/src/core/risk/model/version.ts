/** Bump on any change that can move a score; stored in `Model_Version__c` with each assessment. */
export const MODEL_VERSION = '2.0.0';
