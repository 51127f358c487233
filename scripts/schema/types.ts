/**
 * The typed view of the org's schema that `loadForceAppSchema` reads from force-app.
 * The local org builds its tables and validation from it; tests compare it with DESIGN.md.
 */

export type FieldType =
  | 'Id'
  | 'Text'
  | 'TextArea'
  | 'LongTextArea'
  | 'Email'
  | 'Phone'
  | 'Url'
  | 'Number'
  | 'Currency'
  | 'Percent'
  | 'Checkbox'
  | 'Date'
  | 'DateTime'
  | 'Picklist'
  | 'MultiselectPicklist'
  | 'Lookup'
  | 'MasterDetail'
  | 'AutoNumber';

export type PicklistSchema = {
  values: string[];
  /** Restricted picklists reject values not in `values` (INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST). */
  restricted: boolean;
  defaultValue?: string;
};

export type FormulaSchema = {
  /** The formula text exactly as in the field's metadata. */
  expression: string;
  /** How blank inputs are treated: BlankAsZero or BlankAsBlank. */
  treatBlanksAs: 'BlankAsZero' | 'BlankAsBlank';
};

export type FieldSchema = {
  /** API name, e.g. `Snapshot_Key__c` or `Name`. */
  name: string;
  label: string;
  /** For a formula field, the type of its result. */
  type: FieldType;
  custom: boolean;
  /** Total characters for text types. */
  length?: number;
  /** Digits in total and after the point, for Number, Currency and Percent. */
  precision?: number;
  scale?: number;
  required: boolean;
  unique: boolean;
  externalId: boolean;
  caseSensitive: boolean;
  picklist?: PicklistSchema;
  /** Lookup and MasterDetail: the parent object and the child relationship name on it. */
  referenceTo?: string;
  /** Polymorphic lookups (Task.WhoId, Task.WhatId): every object the field may point to, `referenceTo` first. */
  referenceTargets?: string[];
  relationshipName?: string;
  /** The relationship name used to traverse from child to parent (e.g. `Account__r`). */
  parentRelationshipName?: string;
  formula?: FormulaSchema;
  trackHistory: boolean;
  description?: string;
  inlineHelpText?: string;
  defaultValue?: string;
};

export type ObjectKind = 'standard' | 'custom' | 'customMetadata';

export type ObjectSchema = {
  /** API name, e.g. `Account_Plan__c`, `Account`, `Risk_Factor__mdt`. */
  name: string;
  label: string;
  pluralLabel: string;
  kind: ObjectKind;
  description?: string;
  /** Name field of a custom object (Text or AutoNumber). Absent on standard objects read from force-app. */
  nameField?: FieldSchema;
  /** Fields declared in force-app, keyed by API name. */
  fields: Record<string, FieldSchema>;
};

/** A custom metadata record from `force-app/main/default/customMetadata`. */
export type CustomMetadataRecord = {
  /** `Risk_Factor__mdt`. */
  type: string;
  developerName: string;
  label: string;
  protected: boolean;
  values: Record<string, string | number | boolean | null>;
};

export type OrgSchema = {
  objects: Record<string, ObjectSchema>;
  customMetadataRecords: CustomMetadataRecord[];
};
