import { findObject } from './model.js';
import type { OrgState } from './org.js';
import { parseXml, text } from '../schema/forceAppSchema.js';
import { formatDateTime } from './values.js';

/**
 * Applies a deployed PermissionSet: records it as a PermissionSet row (by Name) so that it exists in the
 * org for queries and assignments.
 */
export function applyPermissionSetMetadata(org: OrgState, fullName: string, xml: string): void {
  const object = findObject(org.model, 'PermissionSet')!;
  const root = parseXml(`permissionsets/${fullName}.permissionset`, xml, 'PermissionSet');
  const now = formatDateTime(Date.now());
  const user = org.identity.userId;
  const row = {
    Name: fullName,
    Label: text(root, 'label') ?? fullName,
    Description: text(root, 'description') ?? null,
    IsOwnedByProfile: 0,
    NamespacePrefix: null,
    LastModifiedDate: now,
    LastModifiedById: user,
    SystemModstamp: now,
    IsDeleted: 0,
  };
  const existing = org.store.findIds(object, object.fieldsByLowerName.get('name')!, fullName, 1)[0];
  if (existing) org.store.update(object, existing, row);
  else org.store.insert(object, { ...row, CreatedDate: now, CreatedById: user });
}
