/**
 * Reads a record page's FlexiPage to lay the preview out the same way: its template regions, and in
 * each the custom components (`c:*`) in order with their design attributes. Tabs and other facets are
 * flattened into the region that holds them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';

export type PageComponent = { name: string; properties: Record<string, string> };
export type PageRegion = { name: string; components: PageComponent[] };
export type PageLayout = { label: string; template: string; regions: PageRegion[] };

type XmlProperty = { name: string; value?: string | number | boolean };
type XmlComponent = { componentName: string; componentInstanceProperties?: XmlProperty[] };
type XmlRegion = {
  name: string;
  type?: string;
  componentInstances?: XmlComponent[];
  itemInstances?: Array<{ componentInstance?: XmlComponent }>;
};
type XmlFlexiPage = { masterLabel?: string; template?: { name?: string }; flexiPageRegions?: XmlRegion[] };

const arrays = new Set(['flexiPageRegions', 'componentInstances', 'itemInstances', 'componentInstanceProperties']);

function instancesOf(region: XmlRegion): XmlComponent[] {
  const items = (region.itemInstances ?? []).flatMap((item) =>
    item.componentInstance ? [item.componentInstance] : [],
  );
  return [...(region.componentInstances ?? []), ...items];
}

/** `utilizationTrend` or `c:utilizationTrend` are ours; `force:detailPanel` and the like are the platform's. */
function customComponentName(componentName: string): string | undefined {
  if (componentName.startsWith('c:')) return componentName.slice(2);
  return componentName.includes(':') ? undefined : componentName;
}

export function parseFlexiPage(xml: string): PageLayout {
  const parsed = new XMLParser({ isArray: (name) => arrays.has(name), parseTagValue: false }).parse(xml) as {
    FlexiPage: XmlFlexiPage;
  };
  const page = parsed.FlexiPage;
  const allRegions = page.flexiPageRegions ?? [];
  const facets = new Map(allRegions.filter((region) => region.type === 'Facet').map((region) => [region.name, region]));

  const componentsIn = (region: XmlRegion, seen: Set<string>): PageComponent[] =>
    instancesOf(region).flatMap((instance) => {
      const properties = Object.fromEntries(
        (instance.componentInstanceProperties ?? []).map((property) => [property.name, String(property.value ?? '')]),
      );
      const nested = Object.values(properties)
        .filter((value) => facets.has(value) && !seen.has(value))
        .flatMap((value) => componentsIn(facets.get(value) as XmlRegion, new Set([...seen, value])));
      const own = customComponentName(instance.componentName);
      return [...(own ? [{ name: own, properties }] : []), ...nested];
    });

  return {
    label: String(page.masterLabel ?? ''),
    template: String(page.template?.name ?? ''),
    regions: allRegions
      .filter((region) => region.type !== 'Facet')
      .map((region) => ({ name: String(region.name), components: componentsIn(region, new Set()) })),
  };
}

/** The Account record page of force-app, or one main region with every exposed component when there is none. */
export function accountPageLayout(flexipageDir: string, exposedComponents: string[]): PageLayout {
  const files = fs.existsSync(flexipageDir)
    ? fs.readdirSync(flexipageDir).filter((file) => file.endsWith('.flexipage-meta.xml'))
    : [];
  for (const file of files.sort()) {
    const xml = fs.readFileSync(path.join(flexipageDir, file), 'utf8');
    if (/<type>\s*RecordPage\s*<\/type>/.test(xml) && /<sobjectType>\s*Account\s*<\/sobjectType>/.test(xml)) {
      return parseFlexiPage(xml);
    }
  }
  return {
    label: 'Account Record Page',
    template: '',
    regions: [{ name: 'main', components: exposedComponents.map((name) => ({ name, properties: {} })) }],
  };
}

/** The first FlexiPage of `type` (`AppPage`, `HomePage`) in force-app, or undefined when there is none. */
export function pageLayoutOfType(flexipageDir: string, type: 'AppPage' | 'HomePage'): PageLayout | undefined {
  const files = fs.existsSync(flexipageDir)
    ? fs.readdirSync(flexipageDir).filter((file) => file.endsWith('.flexipage-meta.xml'))
    : [];
  for (const file of files.sort()) {
    const xml = fs.readFileSync(path.join(flexipageDir, file), 'utf8');
    if (new RegExp(`<type>\\s*${type}\\s*</type>`).test(xml)) return parseFlexiPage(xml);
  }
  return undefined;
}
