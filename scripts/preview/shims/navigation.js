/**
 * `lightning/navigation` for the preview: record pages of Accounts open the preview's record page; any other
 * page reference opens the index.
 */
const Navigate = Symbol('Navigate');
const GenerateUrl = Symbol('GenerateUrl');

function urlOf(pageReference) {
  const { type, attributes = {} } = pageReference ?? {};
  if (type === 'standard__recordPage' && attributes.recordId) {
    return `/account/${encodeURIComponent(attributes.recordId)}`;
  }
  return '/';
}

export function NavigationMixin(Base) {
  return class extends Base {
    [Navigate](pageReference) {
      window.location.assign(urlOf(pageReference));
    }

    [GenerateUrl](pageReference) {
      return Promise.resolve(urlOf(pageReference));
    }
  };
}
NavigationMixin.Navigate = Navigate;
NavigationMixin.GenerateUrl = GenerateUrl;
