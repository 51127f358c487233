import type Database from 'better-sqlite3';
import { makeId } from '../ids.js';
import type { Component } from './package.js';

export type StoredComponent = Component & { id: string; createdDate: string; lastModifiedDate: string };

/** Key prefixes of the metadata ids Salesforce answers in deploy results and file properties. */
const ID_PREFIXES: Record<string, string> = {
  CustomObject: '01I',
  CustomField: '00N',
  ListView: '00B',
  CompactLayout: '0AH',
  ValidationRule: '03d',
  CustomMetadata: 'm0M',
  PermissionSet: '0PS',
  Layout: '00h',
  CustomTab: '01r',
  CustomApplication: '02u',
  FlexiPage: '0M0',
  LightningComponentBundle: '0Rb',
  QuickAction: '09D',
};

type Row = {
  type: string;
  full_name: string;
  file_name: string;
  xml: string;
  files: string | null;
  id: string;
  created_date: string;
  last_modified_date: string;
};

const key = (type: string, fullName: string): string => `${type}:${fullName.toLowerCase()}`;

/** The deployed metadata components, kept in the org's database so they outlive a restart. */
export class MetadataRepository {
  public constructor(private readonly db: Database.Database) {
    db.exec(`CREATE TABLE IF NOT EXISTS metadata_component (
      key TEXT PRIMARY KEY, type TEXT NOT NULL, full_name TEXT NOT NULL, file_name TEXT NOT NULL, xml TEXT NOT NULL,
      files TEXT, id TEXT NOT NULL, created_date TEXT NOT NULL, last_modified_date TEXT NOT NULL)`);
  }

  public all(type?: string): StoredComponent[] {
    const rows = (
      type
        ? this.db.prepare('SELECT * FROM metadata_component WHERE type = ? ORDER BY rowid').all(type)
        : this.db.prepare('SELECT * FROM metadata_component ORDER BY rowid').all()
    ) as Row[];
    return rows.map(fromRow);
  }

  public get(type: string, fullName: string): StoredComponent | undefined {
    const row = this.db.prepare('SELECT * FROM metadata_component WHERE key = ?').get(key(type, fullName)) as
      Row | undefined;
    return row && fromRow(row);
  }

  /** Creates or replaces a component; answers what Salesforce reports for it. */
  public put(component: Component, now: string): { id: string; created: boolean; changed: boolean } {
    const existing = this.get(component.type, component.fullName);
    const files = component.files ? JSON.stringify(component.files) : null;
    const changed =
      !existing || existing.xml !== component.xml || JSON.stringify(existing.files ?? null) !== (files ?? 'null');
    const id = existing?.id ?? this.nextId(component.type);
    this.db
      .prepare(
        `INSERT OR REPLACE INTO metadata_component (key, type, full_name, file_name, xml, files, id, created_date, last_modified_date)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        key(component.type, component.fullName),
        component.type,
        existing?.fullName ?? component.fullName,
        component.fileName,
        component.xml,
        files,
        id,
        existing?.createdDate ?? now,
        changed ? now : existing.lastModifiedDate,
      );
    return { id, created: !existing, changed };
  }

  /** The id the component would get, without storing it (for a validation). */
  public idFor(component: Component): string {
    return this.get(component.type, component.fullName)?.id ?? makeId(ID_PREFIXES[component.type] ?? '000', 0);
  }

  private nextId(type: string): string {
    const count = this.db.prepare('SELECT COUNT(*) AS n FROM metadata_component WHERE type = ?').get(type) as {
      n: number;
    };
    return makeId(ID_PREFIXES[type] ?? '000', count.n + 1);
  }
}

function fromRow(row: Row): StoredComponent {
  return {
    type: row.type,
    fullName: row.full_name,
    fileName: row.file_name,
    xml: row.xml,
    ...(row.files ? { files: JSON.parse(row.files) as Record<string, string> } : {}),
    id: row.id,
    createdDate: row.created_date,
    lastModifiedDate: row.last_modified_date,
  };
}
