/** The preview lays pages out from the FlexiPage: regions, custom components in order, facets flattened. */
import { expect } from 'chai';
import { parseFlexiPage } from '../../scripts/preview/flexiPage.js';

const instance = (name: string, properties: Record<string, string> = {}): string => `
        <itemInstances>
            <componentInstance>
${Object.entries(properties)
  .map(
    ([key, value]) =>
      `                <componentInstanceProperties><name>${key}</name><value>${value}</value></componentInstanceProperties>`,
  )
  .join('\n')}
                <componentName>${name}</componentName>
            </componentInstance>
        </itemInstances>`;

const region = (name: string, type: string, body: string): string =>
  `    <flexiPageRegions>${body}\n        <name>${name}</name>\n        <type>${type}</type>\n    </flexiPageRegions>`;

const flexiPage = (...regions: string[]): string => `<?xml version="1.0" encoding="UTF-8"?>
<FlexiPage xmlns="http://soap.sforce.com/2006/04/metadata">
${regions.join('\n')}
    <masterLabel>Test Page</masterLabel>
    <template><name>flexipage:recordHomeTemplateDesktop</name></template>
    <type>RecordPage</type>
</FlexiPage>`;

describe('parseFlexiPage', () => {
  it('keeps custom components in region order with their design attributes, skipping standard ones', () => {
    const layout = parseFlexiPage(
      flexiPage(
        region('header', 'Region', instance('force:highlightsPanel')),
        region(
          'main',
          'Region',
          instance('utilizationTrend', { defaultMonths: '24' }) +
            instance('force:detailPanel') +
            instance('c:valueStory'),
        ),
      ),
    );
    expect(layout.label).to.equal('Test Page');
    expect(layout.template).to.equal('flexipage:recordHomeTemplateDesktop');
    expect(layout.regions).to.deep.equal([
      { name: 'header', components: [] },
      {
        name: 'main',
        components: [
          { name: 'utilizationTrend', properties: { defaultMonths: '24' } },
          { name: 'valueStory', properties: {} },
        ],
      },
    ]);
  });

  it('puts the components of tabs (facets) into the region that holds the tab set', () => {
    const layout = parseFlexiPage(
      flexiPage(
        region('riskTab', 'Facet', instance('renewalRiskCard')),
        region('tabs', 'Facet', instance('flexipage:tab', { body: 'riskTab', title: 'Risk' })),
        region('sidebar', 'Region', instance('flexipage:tabset', { tabs: 'tabs' }) + instance('stakeholderMap')),
      ),
    );
    expect(layout.regions).to.deep.equal([
      {
        name: 'sidebar',
        components: [
          { name: 'renewalRiskCard', properties: {} },
          { name: 'stakeholderMap', properties: {} },
        ],
      },
    ]);
  });
});
